import "server-only";
import { echo } from "./echo";
import { invalidRequest } from "./errors";
import { badText } from "./request-body";

/**
 * Why a request's path or query cannot name anything here, if so: a segment that is not valid
 * %-encoded UTF-8 (Next would fail decoding it), or a NUL character, which no id, file name or search
 * can hold and PostgreSQL cannot store.
 */
export function urlProblem(url: URL): string | undefined {
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `The path segment '${echo(segment)}' is not valid %-encoded UTF-8`;
    }
    if (decoded.includes("\u0000")) return "The path contains a NUL character (%00)";
  }
  for (const [name, value] of url.searchParams) {
    if (name.includes("\u0000") || value.includes("\u0000")) return `The query parameter '${echo(name)}' contains a NUL character (%00)`;
  }
  return undefined;
}

// Ids, file names and model addresses are short; anything longer is not a name we could have issued.
const MAX_PARAM_CHARS = 1000;

/** Route params as decoded by Next, checked before any handler uses them to query or name anything. */
export function checkRouteParams(params: unknown): void {
  if (typeof params !== "object" || params === null) return;
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== "string") continue;
      const problem = badText(item) ?? (item.length > MAX_PARAM_CHARS ? `is longer than ${MAX_PARAM_CHARS} characters` : undefined);
      if (problem) throw invalidRequest(`The path parameter ${name} ${problem}`, name, "invalid_path");
    }
  }
}
