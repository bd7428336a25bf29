import "server-only";
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher } from "undici";
import { isPublicAddress } from "./address-policy";

/** A connection the gateway refused to open because its target address is not public. */
export class BlockedAddressError extends Error {
  readonly code = "ERR_DARKROOM_BLOCKED_ADDRESS";
}

/**
 * dns.lookup that only ever hands out public addresses. It runs inside the socket's connect, so the
 * address checked is the address connected to: no window for DNS rebinding between a check and a fetch.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const allowed = addresses.filter((a) => isPublicAddress(a.address));
    if (allowed.length === 0) {
      const seen = addresses.map((a) => a.address).join(", ") || "nothing";
      return callback(new BlockedAddressError(`${hostname} resolves to ${seen}, not a public address`), "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};

function publicOnlyConnector(): buildConnector.connector {
  const connect = buildConnector({ lookup: publicOnlyLookup, timeout: 10_000 });
  return (options, callback) => {
    // Sockets skip lookup for IP literals (`http://127.1`, `http://[::ffff:7f00:1]`), so check those here.
    const host = options.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !isPublicAddress(host)) {
      return callback(new BlockedAddressError(`${host} is not a public address`), null);
    }
    connect(options, callback);
  };
}

const holder = globalThis as unknown as { darkroomPublicDispatcher?: Dispatcher };

/** The undici dispatcher every untrusted outbound request goes through (webhooks, provider image URLs). */
export function publicOnlyDispatcher(): Dispatcher {
  holder.darkroomPublicDispatcher ??= new Agent({ connect: publicOnlyConnector() });
  return holder.darkroomPublicDispatcher;
}

/** fetch init that routes the connection through the address filter, unless private targets are allowed. */
export function outboundInit(init: RequestInit, { allowPrivate }: { allowPrivate: boolean }): RequestInit {
  return allowPrivate ? init : ({ ...init, dispatcher: publicOnlyDispatcher() } as RequestInit);
}

/**
 * fetch through the address filter with undici's own fetch, so no framework patch of the global fetch
 * (Next.js wraps it) can drop the dispatcher on the way.
 */
export function outboundFetch(url: string | URL, init: RequestInit, options: { allowPrivate: boolean }): Promise<Response> {
  return undiciFetch(url, outboundInit(init, options) as never) as unknown as Promise<Response>;
}

/** The reason a fetch failed, looking through undici's generic "fetch failed" to its cause. */
export function fetchFailureReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
