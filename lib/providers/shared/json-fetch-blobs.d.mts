export const BLOB_MIN_CHARS: number;

/** A base64 string taken out of a provider's JSON on the request thread. */
export interface Base64Blob {
  /** The decoded bytes (their own ArrayBuffer: transferred, not copied). */
  bytes: Uint8Array;
  /** The provider's canonical base64 of them, as ASCII bytes: only when asked to keep it. */
  base64?: Uint8Array;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  /** For a PNG, what its structure check found (lib/images/png-check.mjs): its size, or why it is corrupt. */
  check?: { width: number; height: number } | { error: string };
}

/** The bytes of canonical standard base64, or undefined when the text is anything else. */
export function strictBase64(text: Buffer): Buffer | undefined;

/**
 * The body's text with each long canonical base64 string replaced by `\u0000<nonce>:<index>`, and the
 * blobs (with their base64 when `keepBase64`).
 */
export function takeBase64Blobs(bytes: Buffer, keepBase64?: boolean): { text?: string; nonce?: string; blobs: Base64Blob[] };
