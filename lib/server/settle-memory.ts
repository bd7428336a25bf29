import "server-only";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * One full garbage collection: once start-up is done, and when the gateway goes quiet after a burst
 * (services/running.ts). On a first start PGlite runs initdb in a second WebAssembly instance and closes
 * it; its 128+ MB (and the migrations' garbage) otherwise stayed resident until V8 happened to collect, so
 * an idle server sat at 325 or 760 MB by luck. Exposing `gc` from inside the process, rather than by a
 * command-line flag, holds however `next start` is launched.
 */
export function settleMemory(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as (() => void) | undefined;
  gc?.();
}
