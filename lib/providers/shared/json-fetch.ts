import path from "node:path";
import { Worker } from "node:worker_threads";

export interface WorkerRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
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
  error?: { message: string; cause?: string };
}

interface State {
  worker?: Worker;
  pending: Map<number, { resolve(answer: Answer): void; reject(error: Error): void }>;
  next: number;
}

// On globalThis: each route bundle has its own copy of this module; one request thread serves them all.
const holder = globalThis as { darkroomJsonFetch?: State };
const state: State = (holder.darkroomJsonFetch ??= { pending: new Map(), next: 0 });

function requestThread(): Worker {
  if (state.worker) return state.worker;
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "providers", "shared", "json-fetch-worker.mjs");
  const worker = new Worker(file);
  const stopped = (reason: string) => {
    if (state.worker === worker) state.worker = undefined;
    for (const [id, waiter] of state.pending) {
      state.pending.delete(id);
      waiter.reject(new Error(`the request thread stopped (${reason})`));
    }
  };
  worker.on("message", (answer: Answer) => {
    const waiter = state.pending.get(answer.id);
    state.pending.delete(answer.id);
    waiter?.resolve(answer);
  });
  worker.on("error", (error) => stopped(error.message));
  worker.on("exit", (code) => stopped(`exit code ${code}`));
  // Idle, it must not keep the process alive.
  worker.unref();
  state.worker = worker;
  return worker;
}

/**
 * fetch + read + JSON.parse on the request thread (json-fetch-worker.mjs): receiving and parsing a
 * multi-megabyte answer takes ~10 ms of CPU, which on the event loop would delay every other request.
 * Rejects like fetch: with the signal's reason when it fires, with an Error (cause attached) otherwise.
 */
export function fetchJsonOffThread(request: WorkerRequest, signal: AbortSignal): Promise<WorkerResponse> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const worker = requestThread();
  const id = state.next++;
  return new Promise<WorkerResponse>((resolve, reject) => {
    const onAbort = () => {
      state.pending.delete(id);
      worker.postMessage({ type: "abort", id });
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    state.pending.set(id, {
      resolve: (answer) => {
        signal.removeEventListener("abort", onAbort);
        if (answer.error) {
          const cause = answer.error.cause ? new Error(answer.error.cause) : undefined;
          return reject(new Error(answer.error.message, { cause }));
        }
        resolve({ status: answer.status!, headers: new Headers(answer.headers), json: answer.json, text: answer.text ?? "" });
      },
      reject: (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    });
    worker.ref();
    worker.postMessage({ id, ...request });
  }).finally(() => {
    if (state.pending.size === 0) state.worker?.unref();
  });
}
