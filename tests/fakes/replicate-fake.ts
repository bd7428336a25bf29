import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonOrRaw, listen, sendFile, sendJson as json, solidImage } from "./fake-server";

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A local stand-in for api.replicate.com: official-model predictions (`POST /v1/models/{owner}/{name}/predictions`),
 * `GET /v1/predictions/{id}`, `POST /v1/predictions/{id}/cancel`, and the output files themselves. It checks
 * what Replicate checks (Bearer token, model, each input against the model's schema) and answers in
 * Replicate's shapes. Items the reference marks unverified (422 body, unknown-input handling) are settable.
 */

type Rule =
  | { kind: "string" }
  | { kind: "enum"; values: string[] }
  | { kind: "int"; min?: number; max?: number }
  | { kind: "number"; min: number; max: number }
  | { kind: "boolean" }
  /** A file input: an http(s) URL or a data URI of an image. */
  | { kind: "uri" };

interface FakeModel {
  inputs: Record<string, Rule>;
  defaults: { aspect_ratio: string; output_format: string; image_size?: string; megapixels?: string; num_outputs: number };
  /** Output pixel size for an input. */
  size(input: Record<string, unknown>): [number, number];
  /** Single URI (imagen) or a list (FLUX). */
  outputShape: "string" | "array";
}

const IMAGEN_RATIOS = ["1:1", "9:16", "16:9", "3:4", "4:3"];
// Google's Imagen 4 pixel sizes per ratio at 1K; 2K doubles them.
const IMAGEN_1K: Record<string, [number, number]> = {
  "1:1": [1024, 1024], "4:3": [1280, 896], "3:4": [896, 1280], "16:9": [1408, 768], "9:16": [768, 1408],
};
// replicate/cog-flux ASPECT_RATIOS; megapixels "0.25" halves both edges.
const FLUX_1MP: Record<string, [number, number]> = {
  "1:1": [1024, 1024], "16:9": [1344, 768], "21:9": [1536, 640], "3:2": [1216, 832], "2:3": [832, 1216], "4:5": [896, 1088],
  "5:4": [1088, 896], "3:4": [896, 1152], "4:3": [1152, 896], "9:16": [768, 1344], "9:21": [640, 1536],
};

function imagen(withImageSize: boolean): FakeModel {
  return {
    inputs: {
      prompt: { kind: "string" },
      aspect_ratio: { kind: "enum", values: IMAGEN_RATIOS },
      ...(withImageSize ? { image_size: { kind: "enum", values: ["1K", "2K"] } } : {}),
      output_format: { kind: "enum", values: ["jpg", "png"] },
      safety_filter_level: { kind: "enum", values: ["block_low_and_above", "block_medium_and_above", "block_only_high"] },
    },
    defaults: { aspect_ratio: "1:1", output_format: "jpg", num_outputs: 1, ...(withImageSize ? { image_size: "1K" } : {}) },
    size: (input) => {
      const [w, h] = IMAGEN_1K[String(input.aspect_ratio)]!;
      const scale = input.image_size === "2K" ? 2 : 1;
      return [w * scale, h * scale];
    },
    outputShape: "string",
  };
}

function flux(dev: boolean): FakeModel {
  return {
    inputs: {
      prompt: { kind: "string" },
      aspect_ratio: { kind: "enum", values: Object.keys(FLUX_1MP) },
      num_outputs: { kind: "int", min: 1, max: 4 },
      seed: { kind: "int" },
      output_format: { kind: "enum", values: ["webp", "jpg", "png"] },
      output_quality: { kind: "int", min: 0, max: 100 },
      disable_safety_checker: { kind: "boolean" },
      go_fast: { kind: "boolean" },
      megapixels: { kind: "enum", values: ["1", "0.25"] },
      num_inference_steps: { kind: "int", min: 1, max: dev ? 50 : 4 },
      ...(dev ? { guidance: { kind: "number", min: 0, max: 10 } as Rule } : {}),
    },
    defaults: { aspect_ratio: "1:1", output_format: "webp", megapixels: "1", num_outputs: 1 },
    size: (input) => {
      const [w, h] = FLUX_1MP[String(input.aspect_ratio)]!;
      return input.megapixels === "0.25" ? [w / 2, h / 2] : [w, h];
    },
    outputShape: "array",
  };
}

// FLUX.1 Kontext: one image per prediction, ~1 MP at each ratio, returned as a single URI.
const KONTEXT_1MP: Record<string, [number, number]> = {
  "1:1": [1024, 1024], "16:9": [1392, 752], "9:16": [752, 1392], "4:3": [1184, 880], "3:4": [880, 1184],
  "3:2": [1248, 832], "2:3": [832, 1248], "21:9": [1568, 672], "9:21": [672, 1568],
};
const kontext: FakeModel = {
  inputs: {
    prompt: { kind: "string" },
    aspect_ratio: { kind: "enum", values: ["match_input_image", ...Object.keys(KONTEXT_1MP)] },
    seed: { kind: "int" },
    output_format: { kind: "enum", values: ["jpg", "png"] },
    safety_tolerance: { kind: "int", min: 0, max: 6 },
    input_image: { kind: "uri" },
  },
  defaults: { aspect_ratio: "1:1", output_format: "png", num_outputs: 1 },
  size: (input) => KONTEXT_1MP[String(input.aspect_ratio)] ?? [1024, 1024],
  outputShape: "string",
};

export const FAKE_MODELS: Record<string, FakeModel> = {
  "black-forest-labs/flux-kontext-pro": kontext,
  "black-forest-labs/flux-kontext-max": kontext,
  "google/imagen-4": imagen(true),
  "google/imagen-4-fast": imagen(false),
  "google/imagen-4-ultra": imagen(true),
  "black-forest-labs/flux-dev": flux(true),
  "black-forest-labs/flux-schnell": flux(false),
};

export interface HttpAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ReplicateScenario {
  /** Answer the create request with this HTTP error instead of a prediction. */
  createError?: HttpAnswer;
  /** Hold the create request this long before answering (a slow upstream). */
  createDelayMs: number;
  /** Polls answered "processing" before the prediction ends; 0 ends it within a `Prefer: wait` hold. */
  pollsBeforeDone: number;
  /** How the prediction ends; "never" keeps it processing until cancelled. */
  outcome: "succeeded" | "failed" | "canceled" | "aborted" | "never";
  /** The prediction's `error` text when the outcome is "failed". */
  error: string;
  /** Override the model's output shape (a URI string or a list). */
  outputShape?: "string" | "array";
  /** Outputs a succeeded prediction drops (the safety checker filtered them). */
  filtered: number;
  /** Answer create with a 201 whose body is not a prediction. */
  malformed: boolean;
  /** HTTP errors answered to the next polls, in order, before they succeed again. */
  pollErrors: HttpAnswer[];
  /** Fields merged into every prediction object (e.g. a past `deadline`). */
  predictionFields: Record<string, unknown>;
  /** Status of output file downloads (404 for an expired URL). */
  fileStatus: number;
  /** Reject inputs the model's schema does not list (Replicate's real behaviour is unverified). */
  rejectUnknownInputs: boolean;
}

const DEFAULT_SCENARIO: ReplicateScenario = {
  createDelayMs: 0,
  pollsBeforeDone: 0,
  outcome: "succeeded",
  error: "Prediction failed.",
  filtered: 0,
  malformed: false,
  pollErrors: [],
  predictionFields: {},
  fileStatus: 200,
  rejectUnknownInputs: true,
};

export const SENSITIVE_ERROR = "The input or output was flagged as sensitive. Please try again with different inputs. (E005)";
export const FLUX_NSFW_ERROR = "All generated images contained NSFW content. Try running it again with a different prompt.";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

interface FakePrediction {
  id: string;
  model: string;
  input: Record<string, unknown>;
  status: string;
  pollsLeft: number;
  createdAt: Date;
  deadline?: Date;
  output: string[];
  error: string | null;
  completedAt?: Date;
  files: Map<string, { width: number; height: number; format: string; color: number }>;
}

export interface ReplicateFake {
  url: string;
  token: string;
  requests: RecordedRequest[];
  /** Files created through the Files API, by id. */
  uploads: Map<string, { bytes: Buffer; type: string }>;
  /** Replaces the scenario: the defaults plus `changes`. */
  setScenario(changes: Partial<ReplicateScenario>): void;
  /** Default scenario, empty request log. */
  reset(): void;
  /** The pixel size the fake makes for a model and input (defaults filled in). */
  sizeFor(model: string, input: Record<string, unknown>): [number, number];
  /** Resolves once a request matching `match` has arrived. */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const problem = (res: ServerResponse, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  json(res, status, { title, detail, status, ...extra });

function checkRule(name: string, rule: Rule, value: unknown): string | undefined {
  switch (rule.kind) {
    case "string":
      return typeof value === "string" ? undefined : `${name} must be a string`;
    case "enum":
      return typeof value === "string" && rule.values.includes(value) ? undefined : `${name} must be one of the following: ${rule.values.map((v) => `"${v}"`).join(", ")}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${name} must be a boolean`;
    case "uri":
      return typeof value === "string" && (/^https?:\/\//.test(value) || /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/.test(value)) ? undefined : `${name}: Does not match format 'uri'`;
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value)) return `${name} must be an integer`;
      if (rule.min !== undefined && value < rule.min) return `${name} must be greater than or equal to ${rule.min}`;
      if (rule.max !== undefined && value > rule.max) return `${name} must be less than or equal to ${rule.max}`;
      return undefined;
    case "number":
      if (typeof value !== "number") return `${name} must be a number`;
      return value < rule.min || value > rule.max ? `${name} must be between ${rule.min} and ${rule.max}` : undefined;
  }
}

// Cancel-After: Go-style durations such as "1m", "90s", "1m30s".
function parseDuration(value: string): number | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value.trim());
  if (!match || value.trim() === "") return undefined;
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
}

export async function startReplicateFake(options: { token?: string } = {}): Promise<ReplicateFake> {
  const token = options.token ?? `r8_fake_${randomBytes(6).toString("hex")}`;
  let scenario: ReplicateScenario = { ...DEFAULT_SCENARIO };
  const requests: RecordedRequest[] = [];
  const predictions = new Map<string, FakePrediction>();
  const waiters = new Set<() => void>();
  const imageCache = new Map<string, Buffer>();
  const uploads = new Map<string, { bytes: Buffer; type: string }>();
  let base = "";

  const withDefaults = (model: FakeModel, input: Record<string, unknown>) => ({ ...model.defaults, ...input });

  const view = (p: FakePrediction) => {
    const model = FAKE_MODELS[p.model]!;
    const shape = scenario.outputShape ?? model.outputShape;
    const output = p.status === "succeeded" ? (shape === "string" ? (p.output[0] ?? null) : p.output) : null;
    return {
      id: p.id,
      model: p.model,
      version: "hidden",
      input: p.input,
      logs: p.status === "starting" ? "" : `Using seed: ${String(p.input.seed ?? 1234)}\n`,
      output,
      data_removed: false,
      error: p.error,
      source: "api",
      status: p.status,
      created_at: p.createdAt.toISOString(),
      ...(p.deadline ? { deadline: p.deadline.toISOString() } : {}),
      ...(p.status !== "starting" ? { started_at: p.createdAt.toISOString() } : {}),
      ...(p.completedAt ? { completed_at: p.completedAt.toISOString() } : {}),
      metrics: p.status === "succeeded" ? { predict_time: 1.25, total_time: 1.5 } : {},
      urls: {
        get: `${base}/v1/predictions/${p.id}`,
        cancel: `${base}/v1/predictions/${p.id}/cancel`,
        stream: `${base}/v1/predictions/${p.id}/stream`,
        web: `https://replicate.com/p/${p.id}`,
      },
      ...scenario.predictionFields,
    };
  };

  const finish = (p: FakePrediction) => {
    if (scenario.outcome === "never") {
      p.status = "processing";
      return;
    }
    p.completedAt = new Date();
    p.status = scenario.outcome;
    if (scenario.outcome === "failed") p.error = scenario.error;
    if (scenario.outcome !== "succeeded") return;
    const model = FAKE_MODELS[p.model]!;
    const input = withDefaults(model, p.input);
    const [width, height] = model.size(input);
    const count = Math.max(0, Number(input.num_outputs ?? 1) - scenario.filtered);
    const format = String(input.output_format);
    for (let i = 0; i < count; i++) {
      const name = `out-${i}.${format}`;
      p.files.set(name, { width, height, format, color: (i * 70 + 40) % 256 });
      p.output.push(`${base}/files/${p.id}/${name}`);
    }
  };

  async function render(file: { width: number; height: number; format: string; color: number }): Promise<Buffer> {
    return solidImage(file.width, file.height, file.format, { r: file.color, g: 120, b: 200 }, 80);
  }

  /** Replicate's Files API: `content` (the file) and `metadata`, answered with the file's `urls.get`. */
  async function createFile(req: IncomingMessage, res: ServerResponse, bytes: Buffer) {
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("multipart/form-data")) return problem(res, 400, "Bad request", "Expected multipart/form-data");
    const content = (await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData()).get("content");
    if (!content || typeof content === "string") return problem(res, 422, "Unprocessable Entity", "content: a file is required");
    const id = randomBytes(8).toString("hex");
    uploads.set(id, { bytes: Buffer.from(await content.arrayBuffer()), type: content.type });
    return json(res, 201, { id, name: content.name, content_type: content.type, size: content.size, urls: { get: `${base}/v1/files/${id}` } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string, bytes: Buffer) {
    const url = new URL(req.url ?? "/", base);
    const path = url.pathname;
    const body = path === "/v1/files" ? undefined : jsonOrRaw(raw);
    requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
    for (const wake of waiters) wake();

    const file = /^\/files\/([^/]+)\/([^/]+)$/.exec(path);
    if (req.method === "GET" && file) {
      const p = predictions.get(file[1]!);
      const meta = p?.files.get(file[2]!);
      if (!meta || scenario.fileStatus !== 200) {
        res.writeHead(meta ? scenario.fileStatus : 404, { "content-type": "text/plain" });
        return res.end("not found");
      }
      const key = `${file[1]}/${file[2]}`;
      const bytes = imageCache.get(key) ?? (await render(meta));
      imageCache.set(key, bytes);
      const type = meta.format === "jpg" ? "image/jpeg" : `image/${meta.format}`;
      return sendFile(res, bytes, type);
    }

    if (req.headers.authorization !== `Bearer ${token}`) {
      return problem(res, 401, "Unauthenticated", "You did not pass a valid authentication token");
    }

    if (req.method === "POST" && path === "/v1/files") return createFile(req, res, bytes);
    const create = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(path);
    if (req.method === "POST" && create) {
      if (scenario.createDelayMs > 0) await new Promise((r) => setTimeout(r, scenario.createDelayMs));
      if (scenario.createError) {
        const { status, body: errorBody, headers } = scenario.createError;
        return json(res, status, errorBody ?? { detail: `HTTP ${status}`, status }, headers);
      }
      const modelId = `${create[1]}/${create[2]}`;
      const model = FAKE_MODELS[modelId];
      if (!model) return problem(res, 404, "Not found", "The requested resource could not be found.");
      const prefer = req.headers.prefer;
      if (prefer !== undefined && !/^wait(=([1-9]|[1-5]\d|60))?$/.test(String(prefer))) {
        return problem(res, 400, "Bad request", `Invalid Prefer header: ${String(prefer)}`);
      }
      const cancelAfter = req.headers["cancel-after"];
      const deadlineMs = cancelAfter === undefined ? undefined : parseDuration(String(cancelAfter));
      if (cancelAfter !== undefined && deadlineMs === undefined) {
        return problem(res, 400, "Bad request", `Invalid Cancel-After header: ${String(cancelAfter)}`);
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return problem(res, 400, "Bad request", "The request body must be a JSON object");
      }
      const input = (body as { input?: unknown }).input;
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        return problem(res, 422, "Input validation failed", "- input: Invalid type. Expected: object", {
          invalid_fields: [{ type: "invalid_type", field: "input", description: "Invalid type. Expected: object" }],
        });
      }
      const fields = input as Record<string, unknown>;
      const invalid: { type: string; field: string; description: string }[] = [];
      if (fields.prompt === undefined) invalid.push({ type: "required", field: "input", description: "prompt is required" });
      for (const [name, value] of Object.entries(fields)) {
        const rule = model.inputs[name];
        if (!rule) {
          if (scenario.rejectUnknownInputs) invalid.push({ type: "additional_property_not_allowed", field: "input", description: `Additional property ${name} is not allowed` });
          continue;
        }
        const problemText = checkRule(name, rule, value);
        if (problemText) invalid.push({ type: rule.kind === "enum" ? "enum" : "invalid_type", field: `input.${name}`, description: problemText });
      }
      if (invalid.length) {
        return problem(res, 422, "Input validation failed", invalid.map((f) => `- ${f.field}: ${f.description}`).join("\n"), { invalid_fields: invalid });
      }
      if (scenario.malformed) return json(res, 201, { hello: "not a prediction" });
      const p: FakePrediction = {
        id: randomBytes(10).toString("hex"),
        model: modelId,
        input: fields,
        status: "starting",
        pollsLeft: scenario.pollsBeforeDone,
        createdAt: new Date(),
        deadline: deadlineMs === undefined ? undefined : new Date(Date.now() + deadlineMs),
        output: [],
        error: null,
        files: new Map(),
      };
      predictions.set(p.id, p);
      if (prefer !== undefined && scenario.pollsBeforeDone === 0) finish(p);
      return json(res, 201, view(p), { location: `${base}/v1/predictions/${p.id}` });
    }

    const get = /^\/v1\/predictions\/([^/]+)$/.exec(path);
    if (req.method === "GET" && get) {
      const p = predictions.get(get[1]!);
      if (!p) return problem(res, 404, "Not found", "The requested resource could not be found.");
      const pollError = scenario.pollErrors.shift();
      if (pollError) return json(res, pollError.status, pollError.body ?? { detail: `HTTP ${pollError.status}`, status: pollError.status }, pollError.headers);
      if (p.status === "starting" || p.status === "processing") {
        if (p.pollsLeft > 0) {
          p.pollsLeft--;
          p.status = "processing";
        } else finish(p);
      }
      return json(res, 200, view(p));
    }

    const cancel = /^\/v1\/predictions\/([^/]+)\/cancel$/.exec(path);
    if (req.method === "POST" && cancel) {
      const p = predictions.get(cancel[1]!);
      if (!p) return problem(res, 404, "Not found", "The requested resource could not be found.");
      if (p.status === "starting" || p.status === "processing") {
        p.status = "canceled";
        p.completedAt = new Date();
      }
      return json(res, 200, view(p));
    }

    return problem(res, 404, "Not found", "The requested resource could not be found.");
  }

  const server = await listen((req, res) => {
    void readBytes(req).then((bytes) => {
      handle(req, res, bytes.toString("utf8"), bytes).catch((error: unknown) => {
        if (!res.headersSent) problem(res, 500, "Internal Server Error", String(error));
      });
    });
  });
  base = server.url;

  return {
    url: base,
    token,
    requests,
    uploads,
    setScenario(changes) {
      scenario = { ...DEFAULT_SCENARIO, pollErrors: [], predictionFields: {}, ...changes };
    },
    reset() {
      scenario = { ...DEFAULT_SCENARIO, pollErrors: [], predictionFields: {} };
      requests.length = 0;
    },
    sizeFor(model, input) {
      const m = FAKE_MODELS[model]!;
      return m.size(withDefaults(m, input));
    },
    waitForRequest(match, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = requests.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("the expected request did not arrive"));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: server.close,
  };
}
