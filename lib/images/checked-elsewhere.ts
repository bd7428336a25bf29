/** What png-check.mjs found for an image, where another thread ran it (a request thread). */
export type CheckResult = { width: number; height: number } | { error: string };

// Keyed by the bytes themselves, so a converted or re-encoded copy has none. On globalThis: the adapter
// that receives the bytes and the router that verifies them may be different module copies.
const holder = globalThis as { darkroomPngChecks?: WeakMap<Uint8Array, CheckResult> };
const results = (holder.darkroomPngChecks ??= new WeakMap());

export const rememberCheck = (bytes: Uint8Array, result: CheckResult): void => void results.set(bytes, result);

/** The check another thread made of exactly these bytes, if any. */
export const knownCheck = (bytes: Uint8Array): CheckResult | undefined => results.get(bytes);
