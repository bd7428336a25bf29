import "server-only";
import { invalidRequest } from "./errors";

const truthy = (v: string | null) => v !== null && ["1", "true", "yes"].includes(v.toLowerCase());

/** The Idempotency-Key header of POST /v1/images/generations and /edits; none when absent or blank. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.headers.get("idempotency-key")?.trim();
  if (key === undefined || key === "") return undefined;
  if (key.length > 255) throw invalidRequest("Idempotency-Key must be at most 255 characters", "Idempotency-Key", "invalid_idempotency_key");
  return key;
}

/** `?dryRun=true` (or dry_run): quote the request, generate nothing. */
export function wantsDryRun(req: Request): boolean {
  const params = new URL(req.url).searchParams;
  return truthy(params.get("dryRun")) || truthy(params.get("dry_run"));
}

/** `Prefer: respond-async` or `?async=true`: answer 202 at once and run the job in the queue. */
export function wantsAsync(req: Request): boolean {
  return truthy(new URL(req.url).searchParams.get("async")) || /\brespond-async\b/i.test(req.headers.get("prefer") ?? "");
}
