import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { listen, readBody, sendFile, sendJson as send, solidImage } from "./fake-server";

/**
 * A local stand-in for fal.ai's queue API (queue.fal.run) serving fal-ai/imagen4/preview{,/fast,/ultra}
 * and fal-ai/flux/{dev,schnell} (plus FLUX pro, Kontext and Seedream endpoints). It checks what fal checks (the `Key` auth header, the endpoint, input
 * field names and value sets, answering 422 `{detail:[{loc,msg,type}]}` like fal's pydantic validation),
 * serves follow-up URLs only under owner/alias (fal drops the endpoint's subpath there) and serves the
 * generated images itself.
 */

export interface FalFakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FalFakeError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FalScenario {
  /** Status polls answered IN_QUEUE / IN_PROGRESS before COMPLETED (default 1). */
  pendingPolls?: number;
  /** Never completes: for timeouts and cancellation. */
  stuck?: boolean;
  /** Delay before the submit is answered. */
  submitDelayMs?: number;
  submitError?: FalFakeError;
  /** The first `times` status polls answer this error (default: every poll). */
  statusError?: FalFakeError & { times?: number };
  /** The request completes, then its response URL answers this error. */
  resultError?: FalFakeError;
  /** The response URL answers a body that is not a model output. */
  malformed?: boolean;
  /** Leave status/response/cancel URLs out of the submit answer (older gateways). */
  omitUrls?: boolean;
  /** Imagen 4 output generation: 2025 (`seed`) or 2025-12 (`description`, width/height). */
  imagenOutput?: "seed" | "description";
  /** FLUX `has_nsfw_concepts`, per image: a true entry comes back as a black placeholder. */
  nsfw?: boolean[];
  /** Images as data: URIs, as with sync_mode. */
  dataUris?: boolean;
}

/** Error bodies as fal sends them. */
export const falErrors = {
  contentPolicy: {
    status: 422,
    headers: { "x-fal-retryable": "false" },
    body: {
      detail: [
        {
          loc: ["body", "prompt"],
          msg: "The content could not be processed because it contained material flagged by a content checker.",
          type: "content_policy_violation",
          url: "https://docs.fal.ai/errors#content_policy_violation",
        },
      ],
    },
  },
  rateLimited: (seconds: number): FalFakeError => ({
    status: 429,
    headers: { "retry-after": String(seconds) },
    body: { detail: "User is locked. Reason: concurrent request limit reached." },
  }),
  requestTimeout: {
    status: 504,
    headers: { "x-fal-error-type": "request_timeout", "x-fal-retryable": "true" },
    body: { detail: "Request timed out", error_type: "request_timeout" },
  },
  runnerUnavailable: {
    status: 503,
    headers: { "x-fal-error-type": "runner_scheduling_failure" },
    body: { detail: "Could not schedule a runner for the request", error_type: "runner_scheduling_failure" },
  },
  internal: { status: 500, body: { detail: "Internal Server Error" } },
  detailString: { status: 422, body: { detail: "Prompt is too long for this model" } },
} satisfies Record<string, FalFakeError | ((...args: never[]) => FalFakeError)>;

type Issue = { type: string; msg: string };
type Check = (value: unknown) => Issue | undefined;

const literal = (...values: string[]): Check => (v) =>
  typeof v === "string" && values.includes(v) ? undefined : { type: "literal_error", msg: `Input should be ${values.map((x) => `'${x}'`).join(", ")}` };
const integer = (min: number, max: number): Check => (v) => {
  if (typeof v !== "number" || !Number.isInteger(v)) return { type: "int_type", msg: "Input should be a valid integer" };
  if (v < min) return { type: "greater_than_equal", msg: `Input should be greater than or equal to ${min}` };
  if (v > max) return { type: "less_than_equal", msg: `Input should be less than or equal to ${max}` };
  return undefined;
};
const number = (min: number, max: number): Check => (v) =>
  typeof v !== "number" ? { type: "float_type", msg: "Input should be a valid number" } : v < min || v > max ? { type: "value_error", msg: `Input should be between ${min} and ${max}` } : undefined;
const text: Check = (v) => (typeof v === "string" ? undefined : { type: "string_type", msg: "Input should be a valid string" });
const bool: Check = (v) => (typeof v === "boolean" ? undefined : { type: "bool_type", msg: "Input should be a valid boolean" });
// fal file inputs: a URL it can fetch, or a base64 data URI of an image.
const fileUrl: Check = (v) => {
  if (typeof v !== "string") return { type: "string_type", msg: "Input should be a valid string" };
  if (/^https?:\/\//.test(v) || /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/.test(v)) return undefined;
  return { type: "value_error", msg: "Input should be a valid URL or data URI" };
};

const FLUX_PRESETS: Record<string, [number, number]> = {
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
};
const imageSize: Check = (v) => {
  if (typeof v === "string") return literal(...Object.keys(FLUX_PRESETS))(v);
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const { width, height } = v as Record<string, unknown>;
    return integer(1, 14142)(width) ?? integer(1, 14142)(height);
  }
  return { type: "model_type", msg: "Input should be a valid dictionary or one of the presets" };
};

// Google's Imagen 4 pixel sizes per aspect ratio and resolution.
const IMAGEN_SIZES: Record<string, Record<string, [number, number]>> = {
  "1K": { "1:1": [1024, 1024], "4:3": [1280, 896], "3:4": [896, 1280], "16:9": [1408, 768], "9:16": [768, 1408] },
  "2K": { "1:1": [2048, 2048], "4:3": [2560, 1792], "3:4": [1792, 2560], "16:9": [2816, 1536], "9:16": [1536, 2816] },
};

interface Endpoint {
  family: "imagen" | "flux";
  fields: Record<string, Check>;
  /** Fields besides prompt that must be there (Kontext's edit endpoints: image_url). */
  required?: string[];
  defaultFormat: string;
  size(input: Record<string, unknown>): [number, number];
}

const imagenFields = (withResolution: boolean): Record<string, Check> => ({
  prompt: text,
  negative_prompt: text,
  aspect_ratio: literal("1:1", "16:9", "9:16", "3:4", "4:3"),
  num_images: integer(1, 4),
  seed: integer(0, Number.MAX_SAFE_INTEGER),
  ...(withResolution ? { resolution: literal("1K", "2K") } : {}),
  output_format: literal("jpeg", "png", "webp"),
  sync_mode: bool,
  safety_tolerance: literal("1", "2", "3", "4", "5", "6"),
});
const imagen = (withResolution: boolean): Endpoint => ({
  family: "imagen",
  fields: imagenFields(withResolution),
  defaultFormat: "png",
  size: (input) => IMAGEN_SIZES[withResolution ? String(input.resolution ?? "1K") : "1K"]![String(input.aspect_ratio ?? "1:1")]!,
});
const flux: Endpoint = {
  family: "flux",
  fields: {
    prompt: text,
    image_size: imageSize,
    num_inference_steps: integer(1, 50),
    seed: integer(0, Number.MAX_SAFE_INTEGER),
    guidance_scale: number(1, 20),
    num_images: integer(1, 4),
    enable_safety_checker: bool,
    output_format: literal("jpeg", "png"),
    sync_mode: bool,
    acceleration: literal("none", "regular", "high"),
  },
  defaultFormat: "jpeg",
  size: (input) => {
    const size = input.image_size ?? "landscape_4_3";
    if (typeof size === "string") return FLUX_PRESETS[size]!;
    const { width, height } = size as { width: number; height: number };
    return [width, height];
  },
};

// FLUX.1 Kontext's ~1 MP sizes per aspect ratio.
const KONTEXT_SIZES: Record<string, [number, number]> = {
  "21:9": [1568, 672], "16:9": [1392, 752], "4:3": [1184, 880], "3:2": [1248, 832], "1:1": [1024, 1024],
  "2:3": [832, 1248], "3:4": [880, 1184], "9:16": [752, 1392], "9:21": [672, 1568],
};
const kontext: Endpoint = {
  family: "flux",
  fields: {
    prompt: text,
    aspect_ratio: literal(...Object.keys(KONTEXT_SIZES)),
    seed: integer(0, Number.MAX_SAFE_INTEGER),
    guidance_scale: number(1, 20),
    num_images: integer(1, 4),
    output_format: literal("jpeg", "png"),
    safety_tolerance: literal("1", "2", "3", "4", "5", "6"),
    sync_mode: bool,
  },
  defaultFormat: "jpeg",
  size: (input) => KONTEXT_SIZES[String(input.aspect_ratio ?? "1:1")]!,
};
// Kontext's edit endpoints: the same fields plus the picture to edit.
const kontextEdit: Endpoint = { ...kontext, fields: { ...kontext.fields, image_url: fileUrl }, required: ["image_url"] };
// Seedream takes explicit pixels (or presets) and makes png.
const seedream: Endpoint = { ...flux, fields: { prompt: text, image_size: imageSize, seed: integer(0, Number.MAX_SAFE_INTEGER), num_images: integer(1, 6) }, defaultFormat: "png" };
// Ideogram 3.0 (fal's docs): one endpoint, the speed as rendering_speed, up to 8 images, png.
const ideogram: Endpoint = {
  ...flux,
  fields: {
    prompt: text, negative_prompt: text, image_size: imageSize, seed: integer(0, Number.MAX_SAFE_INTEGER), num_images: integer(1, 8),
    rendering_speed: literal("TURBO", "BALANCED", "QUALITY"), expand_prompt: bool, style: literal("AUTO", "GENERAL", "REALISTIC", "DESIGN"), sync_mode: bool,
  },
  defaultFormat: "png",
};

const ENDPOINTS: Record<string, Endpoint> = {
  "fal-ai/ideogram/v3": ideogram,
  "fal-ai/flux-pro/v1.1": flux,
  "fal-ai/flux-pro/kontext/text-to-image": kontext,
  "fal-ai/flux-pro/kontext/max/text-to-image": kontext,
  "fal-ai/flux-pro/kontext": kontextEdit,
  "fal-ai/flux-pro/kontext/max": kontextEdit,
  "fal-ai/bytedance/seedream/v4/text-to-image": seedream,
  "fal-ai/imagen4/preview": imagen(true),
  "fal-ai/imagen4/preview/ultra": imagen(true),
  "fal-ai/imagen4/preview/fast": imagen(false),
  "fal-ai/flux/dev": flux,
  "fal-ai/flux/schnell": flux,
};

/** fal's pydantic validation: unknown fields are ignored, known ones must have the right type and value. */
function validate(endpoint: Endpoint, body: unknown): { loc: string[]; msg: string; type: string }[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [{ loc: ["body"], msg: "Input should be a valid dictionary", type: "model_attributes_type" }];
  }
  const input = body as Record<string, unknown>;
  const issues: { loc: string[]; msg: string; type: string }[] = [];
  if (typeof input.prompt !== "string" || input.prompt.length === 0) {
    issues.push({ loc: ["body", "prompt"], msg: "Field required", type: "missing" });
  }
  for (const field of endpoint.required ?? []) {
    if (input[field] === undefined) issues.push({ loc: ["body", field], msg: "Field required", type: "missing" });
  }
  for (const [field, check] of Object.entries(endpoint.fields)) {
    if (input[field] === undefined || field === "prompt") continue;
    const issue = check(input[field]);
    if (issue) issues.push({ loc: ["body", field], ...issue });
  }
  return issues;
}

const MIME: Record<string, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };
const COLORS = [
  { r: 200, g: 60, b: 40 },
  { r: 40, g: 160, b: 90 },
  { r: 50, g: 80, b: 200 },
  { r: 220, g: 190, b: 50 },
];

interface Job {
  id: string;
  app: string;
  endpointId: string;
  endpoint: Endpoint;
  input: Record<string, unknown>;
  scenario: FalScenario;
  polls: number;
  cancelled: boolean;
  output?: unknown;
}

export interface FalFake {
  url: string;
  key: string;
  /** Every request received, oldest first. */
  requests: FalFakeRequest[];
  /** Applies to requests submitted from now on. */
  setScenario(scenario: FalScenario): void;
  /** Back to the default scenario with an empty request log. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFalFake(options: { key?: string } = {}): Promise<FalFake> {
  const key = options.key ?? "fal-test-key";
  const requests: FalFakeRequest[] = [];
  const jobs = new Map<string, Job>();
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  let scenario: FalScenario = {};
  let baseUrl = "";

  const sendError = (res: ServerResponse, error: FalFakeError) => send(res, error.status, error.body, error.headers);

  const queueUrls = (job: Job) => {
    const base = `${baseUrl}/${job.app}/requests/${job.id}`;
    return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  };

  async function makeOutput(job: Job): Promise<unknown> {
    const [width, height] = job.endpoint.size(job.input);
    const format = String(job.input.output_format ?? job.endpoint.defaultFormat);
    const count = Number(job.input.num_images ?? 1);
    const seed = typeof job.input.seed === "number" ? job.input.seed : Math.floor(Math.random() * 2 ** 31);
    const nsfw = job.endpoint.family === "flux" ? Array.from({ length: count }, (_, i) => job.scenario.nsfw?.[i] ?? false) : [];
    const description = job.endpoint.family === "imagen" && job.scenario.imagenOutput === "description";
    const images = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const bytes = await solidImage(width, height, format, nsfw[i] ? { r: 0, g: 0, b: 0 } : COLORS[i % COLORS.length]!);
        const contentType = MIME[format]!;
        const name = `${job.id}-${i}.${format === "jpeg" ? "jpg" : format}`;
        files.set(name, { bytes, contentType });
        const url = job.scenario.dataUris ? `data:${contentType};base64,${bytes.toString("base64")}` : `${baseUrl}/files/${name}`;
        const file = { url, content_type: contentType, file_name: name, file_size: bytes.byteLength };
        return job.endpoint.family === "flux" || description ? { ...file, width, height } : file;
      }),
    );
    if (job.endpoint.family === "flux") {
      return { images, timings: { inference: 0.42 }, seed, has_nsfw_concepts: nsfw, prompt: job.input.prompt };
    }
    return description ? { images, description: `A picture of ${String(job.input.prompt)}` } : { images, seed };
  }

  function statusBody(job: Job, state: string, logs: boolean) {
    return {
      status: state,
      request_id: job.id,
      ...queueUrls(job),
      ...(state === "IN_QUEUE" ? { queue_position: 0 } : {}),
      logs: logs && state !== "IN_QUEUE" ? [{ message: "generating", level: "INFO", source: "USER", timestamp: new Date().toISOString() }] : null,
      ...(state === "COMPLETED" ? { metrics: { inference_time: 0.42 } } : {}),
    };
  }

  const jobState = (job: Job) => {
    const pending = job.scenario.pendingPolls ?? 1;
    if (job.cancelled || (!job.scenario.stuck && job.polls > pending)) return "COMPLETED";
    return job.polls <= 1 ? "IN_QUEUE" : "IN_PROGRESS";
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: unknown) {
    const url = new URL(req.url ?? "/", baseUrl);
    const path = url.pathname;

    const file = /^\/files\/([^/]+)$/.exec(path);
    if (req.method === "GET" && file) {
      const stored = files.get(file[1]!);
      if (!stored) return send(res, 404, { detail: "File not found" });
      return sendFile(res, stored.bytes, stored.contentType);
    }

    if (req.headers.authorization !== `Key ${key}`) {
      return send(res, 401, { detail: "Cannot access application: invalid or missing credentials" });
    }

    // Follow-up URLs exist only as /{owner}/{alias}/requests/{id}[/status|/cancel].
    const followUp = /^\/([^/]+\/[^/]+)\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(path);
    if (followUp) {
      const job = jobs.get(followUp[2]!);
      if (!job || job.app !== followUp[1]) return send(res, 404, { detail: `Request ${followUp[2]} not found` });
      const action = followUp[3];
      if (action === "/status" && req.method === "GET") {
        const error = job.scenario.statusError;
        if (error && job.polls < (error.times ?? Infinity)) {
          job.polls++;
          return sendError(res, error);
        }
        job.polls++;
        const state = jobState(job);
        return send(res, state === "COMPLETED" ? 200 : 202, statusBody(job, state, url.searchParams.get("logs") === "1"));
      }
      if (action === "/cancel" && req.method === "PUT") {
        if (jobState(job) === "COMPLETED") return send(res, 400, { status: "ALREADY_COMPLETED" });
        job.cancelled = true;
        return send(res, 202, { status: "CANCELLATION_REQUESTED" });
      }
      if (action === undefined && req.method === "GET") {
        if (jobState(job) !== "COMPLETED") return send(res, 400, { detail: "Request is still in progress" });
        if (job.cancelled) return send(res, 400, { detail: "Request was cancelled" });
        if (job.scenario.resultError) return sendError(res, job.scenario.resultError);
        if (job.scenario.malformed) return send(res, 200, { result: "<html>not an output</html>" });
        job.output ??= await makeOutput(job);
        return send(res, 200, job.output);
      }
      return send(res, 405, { detail: "Method Not Allowed" });
    }

    if (req.method !== "POST") return send(res, 405, { detail: "Method Not Allowed" });
    const endpointId = path.slice(1);
    const endpoint = ENDPOINTS[endpointId];
    if (!endpoint) return send(res, 404, { detail: `Application '${endpointId}' not found` });
    const submitScenario = scenario;
    if (submitScenario.submitDelayMs) await new Promise((r) => setTimeout(r, submitScenario.submitDelayMs));
    if (submitScenario.submitError) return sendError(res, submitScenario.submitError);
    const issues = validate(endpoint, body);
    if (issues.length) return send(res, 422, { detail: issues }, { "x-fal-retryable": "false" });

    const job: Job = {
      id: randomUUID(),
      app: endpointId.split("/").slice(0, 2).join("/"),
      endpointId,
      endpoint,
      input: body as Record<string, unknown>,
      scenario: submitScenario,
      polls: 0,
      cancelled: false,
    };
    jobs.set(job.id, job);
    const answer = { status: "IN_QUEUE", request_id: job.id, ...(submitScenario.omitUrls ? {} : queueUrls(job)), queue_position: 0 };
    return send(res, 200, answer, { "x-fal-request-id": job.id });
  }

  const server = await listen((req, res) => {
    void readBody(req).then((raw) => {
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return send(res, 422, { detail: [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }] });
      }
      const url = new URL(req.url ?? "/", "http://fake");
      requests.push({ method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      handle(req, res, body).catch((error: unknown) => send(res, 500, { detail: String(error) }));
    });
  });
  baseUrl = server.url;

  return {
    url: baseUrl,
    key,
    requests,
    setScenario: (next) => {
      scenario = next;
    },
    reset: () => {
      scenario = {};
      requests.length = 0;
    },
    close: server.close,
  };
}
