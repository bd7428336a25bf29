import type { CodeSample } from "@/components/ui/code-tabs";

/** What an edit sample uploads: placeholders named like the pictures in Edit mode. */
export interface EditShape {
  images: number;
  mask: boolean;
}

const fileNames = ({ images }: EditShape) => Array.from({ length: Math.max(1, images) }, (_, i) => `input-${i + 1}.png`);
const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
const formValue = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

function curlEdit(apiBase: string, body: Record<string, unknown>, shape: EditShape): string {
  const names = fileNames(shape);
  const field = names.length > 1 ? "image[]" : "image";
  return [
    `curl -sS ${apiBase}/v1/images/edits \\`,
    `  -H "Authorization: Bearer $DARKROOM_API_KEY" \\`,
    ...names.map((name) => `  -F ${field}=@${name} \\`),
    ...(shape.mask ? [`  -F mask=@mask.png \\`] : []),
    ...Object.entries(body).map(([key, value]) => `  -F ${shellQuote(`${key}=${formValue(value)}`)} \\`),
  ]
    .join("\n")
    .replace(/ \\$/, "");
}

function javascriptEdit(apiBase: string, body: Record<string, unknown>, shape: EditShape): string {
  const names = fileNames(shape);
  const images = names.map((name) => `fs.createReadStream(${JSON.stringify(name)})`);
  return [
    `import fs from "node:fs";`,
    `import OpenAI from "openai";`,
    ``,
    `const client = new OpenAI({ baseURL: ${JSON.stringify(`${apiBase}/v1`)}, apiKey: process.env.DARKROOM_API_KEY ?? "unused" });`,
    ``,
    `const result = await client.images.edit({`,
    `  image: ${images.length > 1 ? `[${images.join(", ")}]` : images[0]},`,
    ...(shape.mask ? [`  mask: fs.createReadStream("mask.png"),`] : []),
    ...Object.entries(body).map(([key, value]) => `  ${key}: ${JSON.stringify(value)},`),
    `} as never); // Darkroom's own fields (seed, …) are not in the SDK's types`,
    `console.log(result.data?.[0]?.url ?? "b64_json");`,
  ].join("\n");
}

/** Edit mode's request as curl (multipart) and the openai SDK's images.edit. */
export const editSamples = (apiBase: string, body: Record<string, unknown>, shape: EditShape): CodeSample[] => [
  { label: "curl", code: curlEdit(apiBase, body, shape) },
  { label: "JavaScript", code: javascriptEdit(apiBase, body, shape) },
];
