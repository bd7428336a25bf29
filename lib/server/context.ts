import "server-only";
import path from "node:path";
import { env } from "@/lib/config/env";
import { addOffers } from "@/lib/catalog";
import { REAL_PROVIDERS } from "@/lib/providers/factories";
import { loadProvidersFile } from "@/lib/providers/openai-compatible/providers-file";
import { buildRegistry, type ProviderRegistry } from "@/lib/providers/registry";
import { Bulkheads } from "@/lib/router/bulkheads";
import { HealthBook, DEFAULT_BREAKER, type BreakerTransition } from "@/lib/router/health";
import type { RetrySettings } from "@/lib/router/retry";
import type { RoutingConfig } from "@/lib/router/routing-config";
import { parseRoutingSection } from "@/lib/router/routing-file";
import { createStorage } from "@/lib/storage/from-env";
import type { ImageStorage } from "@/lib/storage/storage";
import { recordBreakerOpening } from "@/lib/metrics/breaker-events";
import { logger } from "./logger";

export interface ServerContext {
  registry: ProviderRegistry;
  storage: ImageStorage;
  /** Base of the image URLs handed to callers. */
  publicUrl: string;
  defaultModel: string;
  routing: RoutingConfig;
  health: HealthBook;
  bulkheads: Bulkheads;
  retry: RetrySettings;
  attemptTimeoutMs: number;
  deadlineMs: number;
  webhookSecret?: string;
  /** DARKROOM_EMBED_METADATA: write each generation's settings into its image files. */
  embedMetadata: boolean;
}

const logTransition = ({ key, from, to, reason, openUntil }: BreakerTransition) =>
  to === "open"
    ? logger().warn({ endpoint: key, from, reason, openUntil }, `circuit opened for ${key}`)
    : logger().info({ endpoint: key, from }, `circuit closed for ${key}`);

const holder = globalThis as unknown as { darkroomContext?: ServerContext };

/** Process-wide services built once from the validated environment. */
export function serverContext(): ServerContext {
  if (!holder.darkroomContext) {
    const e = env();
    const host = e.HOST === "0.0.0.0" || e.HOST === "::" ? "127.0.0.1" : e.HOST;
    // Each entry of the providers file names its own key variable, so it reads the raw environment.
    const providersPath = path.resolve(e.DARKROOM_PROVIDERS_FILE);
    const file = loadProvidersFile(providersPath, process.env);
    const fileRouting = parseRoutingSection(providersPath, file.routing);
    addOffers(file.offers);
    const fromEnv = e.routingFromEnv;
    holder.darkroomContext = {
      registry: buildRegistry(e, [...REAL_PROVIDERS, ...file.factories]),
      // DARKROOM_STORAGE_URL and the AWS SDK variables are read raw, like the SDK itself reads them.
      storage: createStorage(process.env, path.resolve(e.DARKROOM_DATA_DIR, "images")),
      publicUrl: (e.DARKROOM_PUBLIC_URL ?? `http://${host.includes(":") ? `[${host}]` : host}:${e.PORT}`).replace(/\/+$/, ""),
      defaultModel: e.DARKROOM_DEFAULT_MODEL,
      routing: {
        defaultPolicy: (process.env.DARKROOM_ROUTING ? fromEnv.defaultPolicy : undefined) ?? fileRouting.policy ?? "cheapest",
        perModel: { ...fileRouting.models, ...fromEnv.perModel },
        order: fileRouting.order ?? {},
        fallbackOnContentPolicy: fileRouting.fallbackOnContentPolicy ?? false,
      },
      health: new HealthBook({ ...DEFAULT_BREAKER, cooldownMs: e.DARKROOM_BREAKER_COOLDOWN_MS }, Date.now, (t) => {
        logTransition(t);
        recordBreakerOpening(t, e.DARKROOM_BREAKER_COOLDOWN_MS);
      }),
      bulkheads: new Bulkheads(e.DARKROOM_PROVIDER_CONCURRENCY, e.DARKROOM_PROVIDER_QUEUE),
      retry: { baseDelayMs: e.DARKROOM_RETRY_BASE_MS, maxDelayMs: Math.max(e.DARKROOM_RETRY_BASE_MS, 8000) },
      attemptTimeoutMs: e.DARKROOM_PROVIDER_TIMEOUT_MS,
      deadlineMs: e.DARKROOM_DEADLINE_MS,
      webhookSecret: e.DARKROOM_WEBHOOK_SECRET,
      embedMetadata: e.DARKROOM_EMBED_METADATA,
    };
  }
  return holder.darkroomContext;
}
