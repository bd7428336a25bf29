// Upstream error text can echo what the gateway sent (a key in a header, a token in a URL). Everything
// stored or returned from an upstream passes through here first. No "server-only": provider code that
// also runs in tests and workers builds its errors with it.

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;
// Short values ("on", "1") would shred ordinary text; real secrets are longer.
const MIN_SECRET_LENGTH = 8;
const MARK = "[redacted]";

// Shapes of credentials whatever their source: bearer/basic/fal `Key` authorizations, OpenAI-style `sk-`,
// Replicate `r8_`, Google API keys and OAuth access tokens, Standard Webhooks secrets, and key/token
// query parameters.
const SHAPES: RegExp[] = [
  /\b(Bearer|Basic|Key|Token)\s+[A-Za-z0-9._~+/=:-]{8,}/gi,
  /\bsk-[A-Za-z0-9_-]{12,}/g,
  /\br8_[A-Za-z0-9]{12,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bya29\.[0-9A-Za-z._-]{10,}/g,
  /\bwhsec_[A-Za-z0-9+/=]{8,}/g,
  /([?&](?:api[_-]?key|key|token|access_token|auth|signature|sig)=)[^&\s"']+/gi,
];

const extra = new Set<string>();

/** Adds a secret that lives outside the environment's secret-named variables (e.g. a file-configured key). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) extra.add(value);
}

function configuredSecrets(source: Record<string, string | undefined>): string[] {
  const secrets = new Set(extra);
  for (const [name, value] of Object.entries(source)) {
    if (!value || value.length < MIN_SECRET_LENGTH) continue;
    if (SECRET_NAME.test(name)) for (const part of value.split(",")) if (part.trim().length >= MIN_SECRET_LENGTH) secrets.add(part.trim());
    if (/^DATABASE_URL$|_URL$/.test(name)) {
      const password = /^[a-z]+:\/\/[^:/@]*:([^@]+)@/i.exec(value)?.[1];
      if (password && password.length >= 4) secrets.add(password).add(decodeURIComponent(password));
    }
  }
  // Longest first, so a secret containing another is removed whole.
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** `text` with every configured secret and every credential-shaped string replaced by [redacted]. */
export function redactSecrets(text: string, source: Record<string, string | undefined> = process.env): string {
  let out = text;
  for (const secret of configuredSecrets(source)) out = out.split(secret).join(MARK);
  for (const shape of SHAPES) {
    out = out.replace(shape, (match, prefix: unknown) => (typeof prefix === "string" && prefix.length < match.length ? `${prefix}${prefix.endsWith("=") ? "" : " "}${MARK}` : MARK));
  }
  return out;
}
