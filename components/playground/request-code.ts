import type { CodeSample } from "@/components/ui/code-tabs";

// Fields the OpenAI Python SDK's images.generate() takes as keyword arguments; the rest go in extra_body.
const PYTHON_KWARGS = new Set(["model", "prompt", "n", "size", "quality", "style", "response_format", "output_format", "output_compression", "user"]);

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

function pythonLiteral(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  if (typeof value === "object" && !Array.isArray(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(", ")}}`;
  }
  // JSON string and number literals are valid Python literals.
  return JSON.stringify(value);
}

export function curlSample(apiBase: string, body: Record<string, unknown>): string {
  return [
    `curl -sS ${apiBase}/v1/images/generations \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -H "Authorization: Bearer $DARKROOM_API_KEY" \\`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join("\n");
}

export function javascriptSample(apiBase: string, body: Record<string, unknown>): string {
  const fields = Object.entries(body).map(([key, value]) => `  ${key}: ${JSON.stringify(value)},`);
  return [
    `import OpenAI from "openai";`,
    ``,
    `// DARKROOM_API_KEY: one of the server's DARKROOM_API_KEYS, if it sets any.`,
    `const client = new OpenAI({`,
    `  baseURL: ${JSON.stringify(`${apiBase}/v1`)},`,
    `  apiKey: process.env.DARKROOM_API_KEY ?? "unused",`,
    `});`,
    ``,
    `const result = await client.images.generate({`,
    ...fields,
    `});`,
    `console.log(result.data[0].url);`,
  ].join("\n");
}

export function pythonSample(apiBase: string, body: Record<string, unknown>): string {
  const entries = Object.entries(body);
  const kwargs = entries.filter(([key]) => PYTHON_KWARGS.has(key)).map(([key, value]) => `    ${key}=${pythonLiteral(value)},`);
  const extra = Object.fromEntries(entries.filter(([key]) => !PYTHON_KWARGS.has(key)));
  if (Object.keys(extra).length) kwargs.push(`    extra_body=${pythonLiteral(extra)},`);
  return [
    `import os`,
    `from openai import OpenAI`,
    ``,
    `# DARKROOM_API_KEY: one of the server's DARKROOM_API_KEYS, if it sets any.`,
    `client = OpenAI(base_url=${JSON.stringify(`${apiBase}/v1`)}, api_key=os.environ.get("DARKROOM_API_KEY", "unused"))`,
    ``,
    `result = client.images.generate(`,
    ...kwargs,
    `)`,
    `print(result.data[0].url)`,
  ].join("\n");
}

/** One request as curl, JavaScript and Python (both with the openai SDK). */
export const requestSamples = (apiBase: string, body: Record<string, unknown>): CodeSample[] => [
  { label: "curl", code: curlSample(apiBase, body) },
  { label: "JavaScript", code: javascriptSample(apiBase, body) },
  { label: "Python", code: pythonSample(apiBase, body) },
];
