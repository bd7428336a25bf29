import { z } from "zod";
import { isOrigin } from "@/lib/config/origins";
import { parseFailureRate } from "@/lib/providers/local/failure-rate";
import { parseRoutingEnv } from "@/lib/router/routing-config";
import { isStorageUrl, STORAGE_URL_RULE } from "@/lib/storage/storage-url";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const boolish = z.enum(["auto", "on", "off"]);

const variables = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DARKROOM_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)")
      .optional(),
  ),
  DARKROOM_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  DARKROOM_CORS_ORIGINS: optionalString.refine((v) => v === undefined || v.split(",").map((o) => o.trim()).filter(Boolean).every(isOrigin), "must be origins such as https://app.example.com, separated by commas"),
  DARKROOM_SIMULATOR: boolish.default("auto"),
  DARKROOM_SIMULATOR_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  DARKROOM_SIMULATOR_FAILURE_RATE: z.string().default("0"),
  DARKROOM_DEFAULT_MODEL: z.string().min(1).default("gemini-3.1-flash-image"),
  DARKROOM_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  // POST /v1/images/edits: the whole multipart body (up to 16 pictures and a mask).
  DARKROOM_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  DARKROOM_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  DARKROOM_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(300_000),
  DARKROOM_MAX_DOWNLOAD_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  // Read raw by lib/storage/from-env.ts (with the AWS SDK's variables); checked here so a bad value stops the start.
  DARKROOM_STORAGE_URL: optionalString.refine((v) => v === undefined || isStorageUrl(v), STORAGE_URL_RULE),
  DARKROOM_STORAGE_REDIRECT: z.enum(["true", "false"]).default("false"),
  DARKROOM_S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
  DARKROOM_PROVIDERS_FILE: z.string().min(1).default("./darkroom.providers.json"),
  DARKROOM_API_KEYS: optionalString,
  DARKROOM_ROUTING: z.string().default("cheapest"),
  DARKROOM_DEADLINE_MS: z.coerce.number().int().min(100).default(600_000),
  DARKROOM_RETRY_BASE_MS: z.coerce.number().int().min(0).default(500),
  DARKROOM_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
  DARKROOM_PROVIDER_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  DARKROOM_PROVIDER_QUEUE: z.coerce.number().int().min(0).default(256),
  DARKROOM_WEBHOOK_SECRET: optionalString,
  // Lets webhooks reach loopback and private addresses (and plain http): for local receivers and tests only.
  DARKROOM_WEBHOOK_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  DARKROOM_METRICS_TOKEN: optionalString,
  DARKROOM_EMBED_METADATA: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  // Retention: how long a store:false (or 0-day) URL keeps working, and each source's default in days (0 = not stored, unset = forever).
  DARKROOM_UNSTORED_URL_TTL: z.coerce.number().int().min(1).default(3600),
  DARKROOM_RETENTION_API_DAYS: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().min(0).optional()),
  DARKROOM_RETENTION_PLAYGROUND_DAYS: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().min(0).optional()),
  DARKROOM_RETENTION_COMPARE_DAYS: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().min(0).optional()),
  DARKROOM_RETENTION_ARENA_DAYS: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().min(0).optional()),
  DARKROOM_RETENTION_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  // Scale-out (lib/queue): jobs run per instance at once, how long a claimed job stays invisible to other
  // instances without a heartbeat, how often an idle worker looks for due jobs, how long SIGTERM waits.
  DARKROOM_INSTANCE_ID: optionalString,
  DARKROOM_QUEUE_CONCURRENCY: z.coerce.number().int().min(1).default(4),
  DARKROOM_QUEUE_VISIBILITY_MS: z.coerce.number().int().min(500).default(30_000),
  DARKROOM_QUEUE_POLL_MS: z.coerce.number().int().min(10).default(1000),
  DARKROOM_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(25_000),
  DARKROOM_HEALTH_SYNC_MS: z.coerce.number().int().min(100).default(2000),
  REDIS_URL: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  VERTEX_PROJECT: optionalString,
  VERTEX_LOCATION: z.string().min(1).default("us-central1"),
  VERTEX_ACCESS_TOKEN: optionalString,
  GOOGLE_APPLICATION_CREDENTIALS: optionalString,
  VERTEX_BASE_URL: optionalString.pipe(z.url().optional()),
  GEMINI_API_KEY: optionalString,
  GEMINI_BASE_URL: z.url().default("https://generativelanguage.googleapis.com"),
  FAL_KEY: optionalString,
  FAL_QUEUE_URL: z.url().default("https://queue.fal.run"),
  REPLICATE_API_TOKEN: optionalString,
  REPLICATE_BASE_URL: z.url().default("https://api.replicate.com"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url().default("https://api.openai.com/v1"),
  AIMLAPI_KEY: optionalString,
  AIMLAPI_BASE_URL: z.url().default("https://api.aimlapi.com"),
  APIFRAME_API_KEY: optionalString,
  APIFRAME_BASE_URL: z.url().default("https://api.apiframe.ai"),
  LUMENFALL_API_KEY: optionalString,
  LUMENFALL_BASE_URL: z.url().default("https://api.lumenfall.ai/openai/v1"),
});

/** Parses a spec once, so the parsed value is what the app reads; a bad spec is an issue on its variable. */
function parsedOnce<T>(ctx: z.RefinementCtx, name: string, message: string, parse: () => T): T {
  try {
    return parse();
  } catch {
    ctx.addIssue({ code: "custom", path: [name], message });
    return z.NEVER;
  }
}

export const envSchema = variables.transform((e, ctx) => ({
  ...e,
  simulatorFailureRate: parsedOnce(ctx, "DARKROOM_SIMULATOR_FAILURE_RATE", "must be a probability from 0 to 1, or model=probability pairs separated by commas", () =>
    parseFailureRate(e.DARKROOM_SIMULATOR_FAILURE_RATE),
  ),
  routingFromEnv: parsedOnce(ctx, "DARKROOM_ROUTING", "must be priority, cheapest or fastest, or model=policy pairs separated by commas", () =>
    parseRoutingEnv(e.DARKROOM_ROUTING),
  ),
}));

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses an environment; a bad value throws an EnvError naming each offending variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    return `  ${name}=${JSON.stringify(source[name] ?? "")}: ${issue.message}`;
  });
  throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The validated process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Test hook: forget the cached environment so the next env() call re-reads process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
