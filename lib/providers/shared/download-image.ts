import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPublicAddress } from "@/lib/net/address-policy";
import { outboundInit } from "@/lib/net/outbound";
import { ProviderError } from "../errors";
import { decodeBase64 } from "./base64";
import { networkError, type FetchFn } from "./http";
import { sameOrigin } from "./same-origin";

export interface DownloadSettings {
  provider: string;
  /** The provider's configured base URL(s): their hosts may be fetched even over http or on private addresses. */
  trustedBaseUrls: string[];
  maxBytes: number;
  signal: AbortSignal;
  fetch?: FetchFn;
  /** Resolver, injectable for tests. */
  resolve?: (host: string) => Promise<string[]>;
}

const defaultResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const refuse = (provider: string, message: string) =>
  new ProviderError({ provider, kind: "upstream", retryable: false, message: `${provider} returned an image URL the gateway will not fetch: ${message}` });

async function checkUrl(raw: string, settings: DownloadSettings): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse(settings.provider, `'${raw.slice(0, 100)}' is not a URL`);
  }
  const trusted = settings.trustedBaseUrls.some((base) => sameOrigin(base, url.href));
  if (trusted && (url.protocol === "https:" || url.protocol === "http:")) return url;
  if (url.protocol !== "https:") throw refuse(settings.provider, `${url.protocol} URLs are only fetched from the provider's own host`);
  if (url.username || url.password) throw refuse(settings.provider, "URLs with credentials are refused");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : await (settings.resolve ?? defaultResolve)(host).catch(() => []);
  if (addresses.length === 0) throw refuse(settings.provider, `${host} does not resolve`);
  if (!addresses.every(isPublicAddress)) throw refuse(settings.provider, `${host} resolves to a non-public address`);
  return url;
}

/**
 * Fetches an image a provider returned as a URL (or a data: URI), so callers get the gateway's durable
 * copy instead of a link that expires. Only https public addresses or the provider's own host, every
 * redirect re-checked, and the size capped while streaming.
 */
export async function downloadImage(raw: string, settings: DownloadSettings): Promise<{ bytes: Uint8Array; mediaType: string }> {
  const dataUri = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(raw);
  if (dataUri) {
    // decodeBase64: the request thread may have decoded a long one already (json-fetch-blobs.mjs).
    const bytes = dataUri[2] ? decodeBase64(dataUri[3]!).bytes : Buffer.from(decodeURIComponent(dataUri[3]!));
    if (bytes.byteLength > settings.maxBytes) throw refuse(settings.provider, `image larger than ${settings.maxBytes} bytes`);
    return { bytes, mediaType: dataUri[1] ?? "application/octet-stream" };
  }
  const doFetch = settings.fetch ?? fetch;
  let current = raw;
  for (let hop = 0; hop < 5; hop++) {
    const url = await checkUrl(current, settings);
    let response: Response;
    try {
      // The connection itself goes through the address filter (no DNS-rebinding window after checkUrl).
      const allowPrivate = settings.trustedBaseUrls.some((base) => sameOrigin(base, url.href));
      response = await doFetch(url, outboundInit({ redirect: "manual", signal: settings.signal }, { allowPrivate }));
    } catch (error) {
      throw networkError(settings.provider, error, settings.signal);
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get("location")) {
      current = new URL(response.headers.get("location")!, url).toString();
      await response.body?.cancel();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ProviderError({
        provider: settings.provider,
        kind: response.status === 404 || response.status === 410 ? "upstream" : "unavailable",
        statusCode: response.status,
        message: `${settings.provider}'s image URL answered ${response.status}`,
      });
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > settings.maxBytes) {
      await response.body?.cancel();
      throw refuse(settings.provider, `image of ${declared} bytes is larger than the ${settings.maxBytes}-byte cap`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.byteLength;
        if (size > settings.maxBytes) throw refuse(settings.provider, `image larger than the ${settings.maxBytes}-byte cap`);
        chunks.push(chunk);
      }
    } catch (error) {
      throw error instanceof ProviderError ? error : networkError(settings.provider, error, settings.signal);
    }
    return { bytes: Buffer.concat(chunks), mediaType: response.headers.get("content-type") ?? "application/octet-stream" };
  }
  throw refuse(settings.provider, "too many redirects");
}
