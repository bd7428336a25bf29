import "server-only";
import path from "node:path";
import { env } from "@/lib/config/env";
import { buildRegistry, type ProviderRegistry } from "@/lib/providers/registry";
import { LocalStorage } from "@/lib/storage/local-storage";

export interface ServerContext {
  registry: ProviderRegistry;
  storage: LocalStorage;
  /** Base of the image URLs handed to callers. */
  publicUrl: string;
  defaultModel: string;
  providerTimeoutMs: number;
}

const holder = globalThis as unknown as { darkroomContext?: ServerContext };

/** Process-wide services built once from the validated environment. */
export function serverContext(): ServerContext {
  if (!holder.darkroomContext) {
    const e = env();
    const host = e.HOST === "0.0.0.0" || e.HOST === "::" ? "127.0.0.1" : e.HOST;
    holder.darkroomContext = {
      registry: buildRegistry(e),
      storage: new LocalStorage(path.resolve(e.DARKROOM_DATA_DIR, "images")),
      publicUrl: (e.DARKROOM_PUBLIC_URL ?? `http://${host.includes(":") ? `[${host}]` : host}:${e.PORT}`).replace(/\/+$/, ""),
      defaultModel: e.DARKROOM_DEFAULT_MODEL,
      providerTimeoutMs: e.DARKROOM_PROVIDER_TIMEOUT_MS,
    };
  }
  return holder.darkroomContext;
}
