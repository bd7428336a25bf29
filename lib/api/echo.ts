import "server-only";

const MAX_ECHO = 100;
// Room for every provider's reason in all_providers_failed; beyond it a message is only noise.
const MAX_MESSAGE = 2000;

/** At most a short prefix of a caller's value, for error messages: a 10 KB value is never echoed whole. */
export function echo(value: string, max = MAX_ECHO): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}

/**
 * Error messages quote the caller's values ('…' or "…"), wherever they are built; shortening every long
 * quotation here, where errors become responses, covers messages from every layer.
 */
export function clipMessage(message: string): string {
  const clipped = message.replace(/(['"`])([^'"`]{101,}?)\1/g, (_match, quote: string, inner: string) => `${quote}${echo(inner)}${quote}`);
  return echo(clipped, MAX_MESSAGE);
}
