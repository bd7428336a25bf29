import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { jsonOrRaw, listen, readBody, sendFile, sendJson as json, solidImage } from "./fake-server";

/**
 * A local stand-in for apiframe's v2 job API, per apiframe-ai/apiframe-nodejs-sdk's openapi.json and
 * docs: `X-API-Key` auth, `POST /v2/images/generate` with the Imagen body (additionalProperties: false
 * at every level: anything else gets apiframe's 400 `{error, details}`), `Idempotency-Key` replay,
 * 202 `{jobId, status: "QUEUED"}`, `GET /v2/jobs/{id}` moving QUEUED → PROCESSING → a terminal state,
 * and the images themselves served from the same host (standing in for cdn2.apiframe.ai).
 */

export type ApiframeScenario =
  | "success"
  | "legacy_result" // result as a bare URL string (older docs)
  | "failed_policy" // FAILED with "Provider returned an error: content policy violation"
  | "failed_other" // FAILED with another error
  | "cancelled"
  | "expired" // COMPLETED but expired: true (assets purged)
  | "never" // stays PROCESSING forever
  | "malformed_job" // the job poll answers an unknown shape
  | "poll_flaky" // the first poll answers 503, later polls are normal
  | "auth" // 401 on submit
  | "forbidden" // 403 on submit
  | "credits" // 402 Insufficient credits
  | "not_found" // 404 on submit
  | "rate_limit" // 429 + Retry-After on submit
  | "unavailable"; // 503 on submit

export interface ApiframeFakeState {
  scenario: ApiframeScenario;
  /** Polls answered PROCESSING before the job reaches its terminal state. */
  processingPolls: number;
  retryAfterSeconds: number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export interface ApiframeFake {
  url: string;
  apiKey: string;
  requests: ReceivedRequest[];
  set(state: Partial<ApiframeFakeState>): void;
  reset(): void;
  close(): Promise<void>;
}

export const APIFRAME_MODELS = ["imagen-4", "imagen-4-ultra", "imagen-4-fast", "imagen-3", "imagen-3-fast"];

/** Imagen 4 pixel sizes by image_size and aspect_ratio. */
export const APIFRAME_SIZES: Record<string, Record<string, [number, number]>> = {
  "1K": { "1:1": [1024, 1024], "4:3": [1280, 896], "3:4": [896, 1280], "16:9": [1408, 768], "9:16": [768, 1408] },
  "2K": { "1:1": [2048, 2048], "4:3": [2560, 1792], "3:4": [1792, 2560], "16:9": [2816, 1536], "9:16": [1536, 2816] },
};

const TOP_KEYS = ["model", "prompt", "imagenParams", "webhookUrl", "webhookEvents"];
const PARAM_ENUMS: Record<string, string[]> = {
  aspect_ratio: ["1:1", "9:16", "16:9", "3:4", "4:3"],
  output_format: ["jpg", "png"],
  image_size: ["1K", "2K"],
};

const DEFAULT_STATE: ApiframeFakeState = { scenario: "success", processingPolls: 1, retryAfterSeconds: 11 };

interface Job {
  id: string;
  model: string;
  input: { prompt: string; imagenParams: Record<string, string> };
  /** Polls answered so far. */
  polls: number;
  scenario: ApiframeScenario;
  createdAt: string;
}

/** openapi 400 details: JSON path → messages; empty when the body is valid. */
function validate(body: unknown): Record<string, string[]> {
  const details: Record<string, string[]> = {};
  const add = (path: string, message: string) => (details[path] ??= []).push(message);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    add("body", "Expected object");
    return details;
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) if (!TOP_KEYS.includes(key)) add(key, "Unrecognized key (additionalProperties: false)");
  if (!APIFRAME_MODELS.includes(input.model as string)) add("model", `Invalid enum value. Expected ${APIFRAME_MODELS.join(" | ")}`);
  if (typeof input.prompt !== "string" || input.prompt.length < 1 || input.prompt.length > 2000) add("prompt", "String must contain 1 to 2000 character(s)");
  const params = input.imagenParams;
  if (params !== undefined) {
    if (typeof params !== "object" || params === null || Array.isArray(params)) add("imagenParams", "Expected object");
    else {
      for (const [key, value] of Object.entries(params)) {
        const allowed = PARAM_ENUMS[key];
        if (!allowed) add(`imagenParams.${key}`, "Unrecognized key (additionalProperties: false)");
        else if (!allowed.includes(value as string)) add(`imagenParams.${key}`, `Invalid enum value. Expected ${allowed.join(" | ")}`);
      }
    }
  }
  return details;
}

export async function startApiframeFake(options: { apiKey?: string } = {}): Promise<ApiframeFake> {
  const apiKey = options.apiKey ?? "afk_test_key";
  const requests: ReceivedRequest[] = [];
  const jobs = new Map<string, Job>();
  const byIdempotencyKey = new Map<string, string>();
  const files = new Map<string, { bytes: Buffer; type: string }>();
  let state: ApiframeFakeState = { ...DEFAULT_STATE };

  async function render(job: Job, host: string): Promise<string> {
    const params = job.input.imagenParams;
    const [width, height] = APIFRAME_SIZES[params.image_size ?? "1K"]![params.aspect_ratio ?? "1:1"]!;
    const jpg = (params.output_format ?? "jpg") === "jpg";
    const bytes = await solidImage(width, height, jpg ? "jpeg" : "png", { r: 40, g: 120, b: 200 });
    const name = `${job.id}-1.${jpg ? "jpg" : "png"}`;
    files.set(name, { bytes, type: jpg ? "image/jpeg" : "image/png" });
    return `http://${host}/images/${name}`;
  }

  /** The job as its `poll`-th poll (from 0) sees it. */
  async function jobView(job: Job, poll: number, host: string): Promise<Record<string, unknown>> {
    const base = { id: job.id, model: job.model, webhookStatus: null, createdAt: job.createdAt, input: job.input };
    if (poll < state.processingPolls || job.scenario === "never") {
      const queued = poll === 0;
      return { ...base, status: queued ? "QUEUED" : "PROCESSING", progress: queued ? null : 50, result: null, error: null, creditCost: null, completedAt: null };
    }
    const done = { ...base, progress: 100, completedAt: new Date().toISOString() };
    switch (job.scenario) {
      case "failed_policy":
        return { ...done, status: "FAILED", result: null, error: "Provider returned an error: content policy violation", creditCost: 0 };
      case "failed_other":
        return { ...done, status: "FAILED", result: null, error: "Provider returned 500", creditCost: 0 };
      case "cancelled":
        return { ...done, status: "CANCELLED", result: null, error: null, creditCost: 0 };
      case "expired":
        return { ...done, status: "COMPLETED", result: null, error: null, creditCost: 7, expired: true };
      case "malformed_job":
        return { job: "???" };
      default: {
        const url = await render(job, host);
        return { ...done, status: "COMPLETED", result: job.scenario === "legacy_result" ? url : { images: [url] }, error: null, creditCost: 7 };
      }
    }
  }

  const server = await listen(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const raw = await readBody(req);
    const body = jsonOrRaw(raw);
    requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
    const host = req.headers.host ?? "127.0.0.1";

    if (req.method === "GET" && path.startsWith("/images/")) {
      const file = files.get(path.slice("/images/".length));
      if (!file) return json(res, 404, { error: "Not found" });
      return sendFile(res, file.bytes, file.type);
    }
    if (req.headers["x-api-key"] !== apiKey) return json(res, 401, { error: "Invalid or missing API key" });

    if (req.method === "POST" && path === "/v2/images/generate") {
      switch (state.scenario) {
        case "auth":
          return json(res, 401, { error: "Invalid or missing API key" });
        case "forbidden":
          return json(res, 403, { error: "This API key may not use this model" });
        case "credits":
          return json(res, 402, { error: "Insufficient credits", creditsRequired: 7, creditsAvailable: 2 });
        case "not_found":
          return json(res, 404, { error: "Model not found" });
        case "rate_limit":
          return json(res, 429, { error: "Too many requests" }, { "retry-after": String(state.retryAfterSeconds) });
        case "unavailable":
          return json(res, 503, { error: "Service temporarily unavailable" });
        default:
          break;
      }
      const details = validate(body);
      if (Object.keys(details).length) return json(res, 400, { error: "Validation failed", details });
      const key = req.headers["idempotency-key"];
      if (typeof key === "string") {
        if (key.length > 255) return json(res, 400, { error: "Validation failed", details: { "Idempotency-Key": ["At most 255 characters"] } });
        const existing = byIdempotencyKey.get(key);
        if (existing) return json(res, 202, { jobId: existing, status: "QUEUED" });
      }
      const input = body as { model: string; prompt: string; imagenParams?: Record<string, string> };
      const job: Job = {
        id: randomUUID(),
        model: input.model,
        input: { prompt: input.prompt, imagenParams: input.imagenParams ?? {} },
        polls: 0,
        scenario: state.scenario,
        createdAt: new Date().toISOString(),
      };
      jobs.set(job.id, job);
      if (typeof key === "string") byIdempotencyKey.set(key, job.id);
      return json(res, 202, { jobId: job.id, status: "QUEUED" });
    }

    const jobMatch = /^\/v2\/jobs\/([^/]+)$/.exec(path);
    if (req.method === "GET" && jobMatch) {
      const job = jobs.get(decodeURIComponent(jobMatch[1]!));
      if (!job) return json(res, 404, { error: "Job not found" });
      const poll = job.polls++;
      if (job.scenario === "poll_flaky" && poll === 0) return json(res, 503, { error: "Service temporarily unavailable" });
      return json(res, 200, await jobView(job, poll, host));
    }
    return json(res, 404, { error: "Not found" });
  });

  return {
    url: server.url,
    apiKey,
    requests,
    set: (next) => {
      state = { ...state, ...next };
    },
    reset: () => {
      state = { ...DEFAULT_STATE };
      requests.length = 0;
    },
    close: server.close,
  };
}
