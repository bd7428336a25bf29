import "server-only";
import { echo } from "./echo";
import { invalidRequest } from "./errors";

/** Deep enough for any provider's nested parameters (loras, control images); far below a stack's limit. */
export const MAX_JSON_DEPTH = 20;

/** Keys that reach prototypes when a body is merged or spread somewhere downstream: never forwarded. */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// A UTF-16 surrogate without its partner: PostgreSQL cannot store it and providers reject it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const pathOf = (path: string[]) => (path.length ? path.join(".") : null);

/** The reason a string cannot be stored or forwarded, if any. */
export function badText(value: string): string | undefined {
  if (value.includes("\u0000")) return "contains a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(value)) return "contains an unpaired UTF-16 surrogate (invalid Unicode)";
  return undefined;
}

function checkKey(key: string, path: string[]): void {
  const problem = badText(key);
  if (problem) throw invalidRequest(`A key in ${pathOf(path) ?? "the body"} ${problem}`, pathOf(path), "invalid_text");
  if (RESERVED_KEYS.has(key)) {
    throw invalidRequest(`The key '${key}' is not allowed in a request body`, pathOf([...path, key]), "reserved_key");
  }
}

/**
 * Walks a parsed body once, with recursion bounded by MAX_JSON_DEPTH: every string and key must be
 * storable text, no key may be a prototype name, and nothing nests deeper than the limit.
 */
export function checkJsonValue(value: unknown, path: string[] = []): void {
  if (typeof value === "string") {
    const problem = badText(value);
    if (problem) throw invalidRequest(`${pathOf(path) ?? "The body"} ${problem}`, pathOf(path), "invalid_text");
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (path.length >= MAX_JSON_DEPTH) {
    throw invalidRequest(`The body nests deeper than ${MAX_JSON_DEPTH} levels`, pathOf(path), "too_deep");
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkJsonValue(item, [...path, String(index)]));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    checkKey(key, path.map((p) => echo(p, 40)));
    checkJsonValue(item, [...path, echo(key, 40)]);
  }
}

/** JSON.parse plus the checks above: a body that parses but cannot be stored or forwarded is a 400. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) throw invalidRequest("The request body is empty; send a JSON object", null, "invalid_json");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest("The request body is not valid JSON", null, "invalid_json");
  }
  checkJsonValue(value);
  return value;
}
