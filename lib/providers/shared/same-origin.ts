/**
 * Whether two URLs share scheme, host and port. Keys and tokens go only to the configured origin,
 * whatever URLs a provider's answer names; anything that does not parse is never the same origin.
 */
export function sameOrigin(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** `url` when it points at `base`'s origin, else `fallback` (follow-up URLs named in a provider's answer). */
export function onOrigin(url: string | null | undefined, base: string, fallback: string): string {
  return sameOrigin(url, base) ? url! : fallback;
}
