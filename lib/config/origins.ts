/** A browser origin as an Origin header carries it: scheme, host and port only (https://app.example.com). */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value.replace(/\/$/, "");
  } catch {
    return false;
  }
}

/** DARKROOM_CORS_ORIGINS: origins separated by commas, each normalised as browsers send it. */
export const parseOrigins = (value: string | undefined): string[] =>
  (value ?? "").split(",").map((o) => o.trim()).filter(Boolean).map((o) => new URL(o).origin);
