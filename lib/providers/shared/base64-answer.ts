import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whether the running generation answers its caller in base64 (b64_json, streams). Carried in async
 * context, like the partials request, so router and adapters need no extra parameter: only the request
 * thread reads it, to keep a provider's base64 text for reuse (2+ MB per image) only when it will be sent.
 */
// On globalThis: each route bundle has its own copy of this module, and the adapters that read it may come
// from another bundle's copy than the service that sets it (the registry is built once per process).
const holder = globalThis as { darkroomBase64Answer?: AsyncLocalStorage<boolean> };
const answer = (holder.darkroomBase64Answer ??= new AsyncLocalStorage<boolean>());

export const withBase64Answer = <T>(wanted: boolean, run: () => Promise<T>): Promise<T> => (wanted ? answer.run(true, run) : run());

export const base64AnswerWanted = (): boolean => answer.getStore() === true;
