import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { accountsOn } from "./mode";
import { authSecret } from "./server";

const DEFAULT_TTL_S = 7 * 24 * 3600;

/** DARKROOM_IMAGE_URL_TTL: seconds, or a number with s/m/h/d (default 7d). */
export function imageUrlTtlSeconds(raw = process.env.DARKROOM_IMAGE_URL_TTL): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw?.trim() ?? "");
  if (!match) return DEFAULT_TTL_S;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as "" | "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

const mac = (pathname: string, expires: number) => createHmac("sha256", authSecret()).update(`${pathname}\n${expires}`).digest("base64url");

/**
 * With accounts on, an image URL carries an HMAC over its path and expiry so API clients fetch it without
 * a cookie; in local mode it stays the plain durable URL.
 */
export function signImageUrl(url: string, now = Date.now()): string {
  if (!accountsOn()) return url;
  const parsed = new URL(url, "http://relative.invalid");
  const expires = Math.floor(now / 1000) + imageUrlTtlSeconds();
  const query = `expires=${expires}&signature=${mac(parsed.pathname, expires)}`;
  return `${url}${url.includes("?") ? "&" : "?"}${query}`;
}

export type SignatureCheck = "none" | "valid" | "expired" | "invalid";

/** Whether a file request carries a valid, unexpired signature for its own path. */
export function checkImageSignature(url: URL, now = Date.now()): SignatureCheck {
  const signature = url.searchParams.get("signature");
  const expires = Number(url.searchParams.get("expires"));
  if (!signature) return "none";
  if (!Number.isInteger(expires)) return "invalid";
  const expected = Buffer.from(mac(url.pathname, expires));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return expires * 1000 > now ? "valid" : "expired";
}
