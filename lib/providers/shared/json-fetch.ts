import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { env } from "@/lib/config/env";
import { ProviderError } from "../errors";
import { base64AnswerWanted } from "./base64-answer";
import { holdBlobs } from "./json-fetch-blob-store";
import type { Base64Blob } from "./json-fetch-blobs.mjs";

export interface WorkerRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Cap on the decompressed answer (default: answerCap()). */
  maxBytes?: number;
  /** Who is asked, for the error when the answer is over the cap (default: the URL's host). */
  provider?: string;
}

export interface WorkerResponse {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

interface Answer {
  id: number;
  status?: number;
  headers?: [string, string][];
  json?: unknown;
  text?: string;
  /** Base64 images taken out of the JSON, whose strings there are tokens (json-fetch-blob-store.ts). */
  blobs?: { nonce: string; list: Base64Blob[] };
  error?: { message: string; cause?: string; tooLarge?: boolean };
}

interface Waiter {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

interface RequestThread {
  worker: Worker;
  pending: Map<number, Waiter>;
}

interface State {
  threads: (RequestThread | undefined)[];
  next: number;
}

/**
 * An answer may carry up to four images at the download cap as base64 (4/3 of the bytes): the same bound
 * URL downloads have, so a provider cannot push more through its JSON than through a link.
 */
export function answerCap(): number {
  return Math.ceil((env().DARKROOM_MAX_DOWNLOAD_BYTES * 4) / 3) * 4;
}

/** Two threads: the answers of an n=4 request are parsed two at a time, and 2 cores are the floor we plan for. */
const THREADS = Math.min(2, availableParallelism());

// On globalThis: each route bundle has its own copy of this module; one set of request threads serves them all.
const holder = globalThis as { darkroomJsonFetch?: State };
const state: State = (holder.darkroomJsonFetch ??= { threads: [], next: 0 });

function startThread(slot: number): RequestThread {
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "providers", "shared", "json-fetch-worker.mjs");
  const thread: RequestThread = { worker: new Worker(file), pending: new Map() };
  const stopped = (reason: string) => {
    if (state.threads[slot] === thread) state.threads[slot] = undefined;
    for (const waiter of thread.pending.values()) waiter.reject(new Error(`the request thread stopped (${reason})`));
    thread.pending.clear();
  };
  thread.worker.on("message", (answer: Answer) => {
    const waiter = thread.pending.get(answer.id);
    thread.pending.delete(answer.id);
    if (thread.pending.size === 0) thread.worker.unref();
    waiter?.resolve(answer);
  });
  thread.worker.on("error", (error) => stopped(error.message));
  thread.worker.on("exit", (code) => stopped(`exit code ${code}`));
  // Idle, it must not keep the process alive.
  thread.worker.unref();
  state.threads[slot] = thread;
  return thread;
}

/** The thread with the fewest requests in flight, started when its slot is empty. */
function leastBusy(): RequestThread {
  let best: RequestThread | undefined;
  for (let slot = 0; slot < THREADS; slot++) {
    const thread = state.threads[slot] ?? startThread(slot);
    if (!best || thread.pending.size < best.pending.size) best = thread;
  }
  return best!;
}

/**
 * fetch + read + JSON.parse on a request thread (json-fetch-worker.mjs): receiving and parsing a
 * multi-megabyte answer takes ~10 ms of CPU, which on the event loop would delay every other request.
 * Rejects like fetch: with the signal's reason when it fires, with an Error (cause attached) otherwise.
 */
export function fetchJsonOffThread(request: WorkerRequest, signal: AbortSignal): Promise<WorkerResponse> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const thread = leastBusy();
  const id = state.next++;
  return new Promise<WorkerResponse>((resolve, reject) => {
    const onAbort = () => {
      thread.pending.delete(id);
      thread.worker.postMessage({ type: "abort", id });
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    thread.pending.set(id, {
      resolve: (answer) => {
        signal.removeEventListener("abort", onAbort);
        if (answer.error?.tooLarge) {
          return reject(new ProviderError({ provider: request.provider ?? new URL(request.url).host, kind: "upstream", retryable: false, message: `${request.provider ?? new URL(request.url).host} sent ${answer.error.message}` }));
        }
        if (answer.error) {
          const cause = answer.error.cause ? new Error(answer.error.cause) : undefined;
          return reject(new Error(answer.error.message, { cause }));
        }
        if (answer.blobs) holdBlobs(answer.blobs.nonce, answer.blobs.list);
        resolve({ status: answer.status!, headers: new Headers(answer.headers), json: answer.json, text: answer.text ?? "" });
      },
      reject: (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    });
    thread.worker.ref();
    thread.worker.postMessage({ id, ...request, maxBytes: request.maxBytes ?? answerCap(), keepBase64: base64AnswerWanted() });
  });
}
