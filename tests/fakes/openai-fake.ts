import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listen, readBody, sendFile, sendJson, solidImage } from "./fake-server";
import { readMultipart, sniff, type ReceivedFile } from "./multipart";

/**
 * A local stand-in for the OpenAI Images API (`POST {prefix}/images/generations`). The "openai" flavor
 * checks what OpenAI checks for GPT image models (bearer key, known fields only, value sets) and answers
 * base64 + usage; the "localai" flavor is a lenient self-hosted server answering URLs on its own host.
 */

export type OpenAIFakeScenario =
  | { kind: "success" }
  /** GPT image moderation refusal (400 moderation_blocked). */
  | { kind: "moderation" }
  /** dall-e style refusal (400 content_policy_violation). */
  | { kind: "dalle_safety" }
  | { kind: "invalid_key" }
  | { kind: "forbidden" }
  | { kind: "model_not_found" }
  | { kind: "rate_limit"; retryAfter?: string; message?: string }
  | { kind: "quota" }
  | { kind: "billing" }
  | { kind: "bad_request" }
  | { kind: "server_error"; status?: number }
  /** Waits before answering normally (aborting callers see their timeout). */
  | { kind: "slow"; delayMs: number }
  /** 200 with a body that is not an Images API response. */
  | { kind: "malformed" }
  /** 200 with `data: []`. */
  | { kind: "empty" }
  /** A streamed edit that sends one partial image, then an error event (output moderation). */
  | { kind: "stream_error" }
  /** 200 with fewer images than asked (the rest "filtered"). */
  | { kind: "partial"; returned: number }
  /** localai flavor: image URLs on another host (http://localhost) than the configured one (http://127.0.0.1). */
  | { kind: "foreign_url" };

export interface OpenAIFakeOptions {
  /** Expected bearer key; null accepts requests without Authorization (self-hosted servers). */
  apiKey?: string | null;
  /** Path prefix of the API, e.g. "/v1" or "/openai/v1". */
  prefix?: string;
  flavor?: "openai" | "localai";
  models?: string[];
  /** Adds `revised_prompt` to each image (dall-e-3 style). */
  revisePrompt?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown> | undefined;
  /** images/edits: the uploaded files (image, image[], mask). */
  files?: ReceivedFile[];
}

export interface OpenAIFake {
  /** Base URL up to the version segment (what OPENAI_BASE_URL would be). */
  url: string;
  origin: string;
  /** Every images/generations request received (image downloads are counted in `downloads`). */
  requests: ReceivedRequest[];
  downloads: string[];
  setScenario(scenario: OpenAIFakeScenario): void;
  close(): Promise<void>;
}

const GPT_SIZES: Record<string, [number, number]> = {
  auto: [1024, 1024],
  "1024x1024": [1024, 1024],
  "1536x1024": [1536, 1024],
  "1024x1536": [1024, 1536],
};
const GPT_FIELDS = new Set(["model", "prompt", "n", "size", "quality", "output_format", "output_compression", "background", "moderation", "user", "stream", "partial_images"]);
// images/edits takes input_fidelity and has no moderation setting.
const EDIT_FIELDS = new Set([...[...GPT_FIELDS].filter((f) => f !== "moderation"), "input_fidelity"]);
const NUMERIC_FIELDS = ["n", "output_compression", "partial_images"];
const COLORS = [
  { r: 200, g: 60, b: 40 },
  { r: 40, g: 160, b: 90 },
  { r: 30, g: 80, b: 200 },
  { r: 220, g: 200, b: 40 },
];

export const MODERATION_MESSAGE =
  "Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID req_fake. safety_violations=[sexual].";

type ErrorPayload = { message: string; type: string; param: string | null; code: string | number | null };

const sendError = (res: ServerResponse, status: number, error: ErrorPayload, headers: Record<string, string> = {}) =>
  sendJson(res, status, { error }, headers);

export async function makeImage(width: number, height: number, format: "png" | "jpeg" | "webp", index = 0): Promise<Buffer> {
  return solidImage(width, height, format, COLORS[index % COLORS.length]!);
}

const invalidValue = (res: ServerResponse, param: string, message: string) =>
  sendError(res, 400, { message, type: "invalid_request_error", param, code: "invalid_value" });

/** OpenAI's checks for GPT image models; answers the error and returns false when the body is wrong. */
function validateGpt(res: ServerResponse, body: Record<string, unknown>, models: Set<string>, fields = GPT_FIELDS): boolean {
  for (const key of Object.keys(body)) {
    if (!fields.has(key)) {
      sendError(res, 400, { message: `Unknown parameter: '${key}'.`, type: "invalid_request_error", param: key, code: "unknown_parameter" });
      return false;
    }
  }
  if (typeof body.model !== "string" || !models.has(body.model)) {
    sendError(res, 404, {
      message: `The model '${String(body.model)}' does not exist or you do not have access to it.`,
      type: "invalid_request_error",
      param: null,
      code: "model_not_found",
    });
    return false;
  }
  if (typeof body.prompt !== "string" || body.prompt.length === 0 || body.prompt.length > 32000) {
    invalidValue(res, "prompt", "Invalid 'prompt': string must be between 1 and 32000 characters.");
    return false;
  }
  const checks: [string, (v: unknown) => boolean, string][] = [
    ["n", (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 10, "Invalid 'n': integer must be between 1 and 10."],
    ["size", (v) => typeof v === "string" && v in GPT_SIZES, "Invalid value: size. Supported values are: 'auto', '1024x1024', '1536x1024' and '1024x1536'."],
    ["quality", (v) => ["auto", "low", "medium", "high"].includes(v as string), "Invalid value: quality. Supported values are: 'auto', 'low', 'medium' and 'high'."],
    ["output_format", (v) => ["png", "jpeg", "webp"].includes(v as string), "Invalid value: output_format. Supported values are: 'png', 'jpeg' and 'webp'."],
    ["output_compression", (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100, "Invalid 'output_compression': integer must be between 0 and 100."],
    ["background", (v) => ["transparent", "opaque", "auto"].includes(v as string), "Invalid value: background. Supported values are: 'transparent', 'opaque' and 'auto'."],
    ["moderation", (v) => ["low", "auto"].includes(v as string), "Invalid value: moderation. Supported values are: 'low' and 'auto'."],
    ["user", (v) => typeof v === "string", "Invalid 'user': expected a string."],
  ];
  for (const [param, ok, message] of checks) {
    if (body[param] !== undefined && !ok(body[param])) {
      invalidValue(res, param, message);
      return false;
    }
  }
  const format = (body.output_format as string | undefined) ?? "png";
  if (body.output_compression !== undefined && format === "png") {
    invalidValue(res, "output_compression", "output_compression is only supported for the jpeg and webp output formats.");
    return false;
  }
  if (body.background === "transparent" && format === "jpeg") {
    invalidValue(res, "background", "Transparent background requires output_format png or webp.");
    return false;
  }
  return true;
}

/** images/edits: OpenAI's file rules (up to 16 png/jpeg/webp images, a png mask), then the GPT field checks. */
function validateEdit(res: ServerResponse, body: Record<string, unknown>, files: ReceivedFile[], models: Set<string>): boolean {
  const images = files.filter((f) => f.field === "image" || f.field === "image[]");
  const masks = files.filter((f) => f.field === "mask");
  if (images.length === 0) {
    sendError(res, 400, { message: "Missing required parameter: 'image'.", type: "invalid_request_error", param: "image", code: "missing_required_parameter" });
    return false;
  }
  if (images.length > 16 || images.some((f) => !sniff(f.bytes))) {
    invalidValue(res, "image", "Invalid 'image': up to 16 png, webp or jpg images are supported.");
    return false;
  }
  if (masks.length > 1 || masks.some((f) => sniff(f.bytes) !== "png")) {
    invalidValue(res, "mask", "Invalid 'mask': must be a single png file.");
    return false;
  }
  if (body.input_fidelity !== undefined && !["high", "low"].includes(body.input_fidelity as string)) {
    invalidValue(res, "input_fidelity", "Invalid value: input_fidelity. Supported values are: 'high' and 'low'.");
    return false;
  }
  return validateGpt(res, body, models, EDIT_FIELDS);
}

/** Form fields are text; the checks compare numbers. */
const typedFields = (fields: Record<string, string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, NUMERIC_FIELDS.includes(k) && /^\d+$/.test(v) ? Number(v) : v]));

export async function startOpenAIFake(options: OpenAIFakeOptions = {}): Promise<OpenAIFake> {
  const apiKey = options.apiKey === undefined ? "sk-test-key" : options.apiKey;
  const prefix = options.prefix ?? "/v1";
  const flavor = options.flavor ?? "openai";
  const models = new Set(options.models ?? ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"]);
  const requests: ReceivedRequest[] = [];
  const downloads: string[] = [];
  const files = new Map<string, { bytes: Buffer; type: string }>();
  let scenario: OpenAIFakeScenario = { kind: "success" };
  // Bodies that came to images/edits: their streamed events are image_edit.*.
  const editBodies = new WeakSet<object>();
  let origin = "";
  let counter = 0;

  async function generate(res: ServerResponse, body: Record<string, unknown>, returned: number, imageHost: string) {
    const size = typeof body.size === "string" ? body.size : "1024x1024";
    const [width, height] = GPT_SIZES[size] ?? (size.split("x").map(Number) as [number, number]);
    const format = flavor === "openai" ? ((body.output_format as "png" | "jpeg" | "webp" | undefined) ?? "png") : "png";
    const images = await Promise.all(Array.from({ length: returned }, (_, i) => makeImage(width, height, format, i)));
    const revised = (i: number) => (options.revisePrompt ? { revised_prompt: `${String(body.prompt)} (revised ${i})` } : {});
    const requestId = `req_${++counter}`;
    if (flavor === "localai") {
      const data = images.map((bytes, i) => {
        const name = `b64${randomUUID().replace(/-/g, "")}.png`;
        files.set(name, { bytes, type: "image/png" });
        return { url: `${imageHost}/generated-images/${name}`, ...revised(i) };
      });
      return sendJson(res, 200, { id: randomUUID(), created: Math.floor(Date.now() / 1000), data }, { "x-request-id": requestId });
    }
    const outputTokens = (width * height > 1024 * 1024 ? 408 : 272) * returned;
    if (body.stream === "true" || body.stream === true) return streamImages(res, body, images, { format, size: size === "auto" ? "1024x1024" : size, requestId });
    sendJson(
      res,
      200,
      {
        created: Math.floor(Date.now() / 1000),
        data: images.map((bytes, i) => ({ b64_json: bytes.toString("base64"), ...revised(i) })),
        background: (body.background as string | undefined) ?? "opaque",
        output_format: format,
        quality: (body.quality as string | undefined) === "auto" || body.quality === undefined ? "medium" : body.quality,
        size: size === "auto" ? "1024x1024" : size,
        usage: {
          input_tokens: 50,
          input_tokens_details: { text_tokens: 40, image_tokens: 10 },
          output_tokens: outputTokens,
          output_tokens_details: { image_tokens: outputTokens, text_tokens: 0 },
          total_tokens: 50 + outputTokens,
        },
      },
      { "x-request-id": requestId },
    );
  }

  /** stream=true: OpenAI's server-sent events, partial_images drafts before each completed image. */
  async function streamImages(res: ServerResponse, body: Record<string, unknown>, images: Buffer[], opts: { format: string; size: string; requestId: string }) {
    const prefix = editBodies.has(body) ? "image_edit" : "image_generation";
    const partials = typeof body.partial_images === "number" ? body.partial_images : 0;
    const common = { created_at: Math.floor(Date.now() / 1000), size: opts.size, quality: "medium", background: "opaque", output_format: opts.format };
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "x-request-id": opts.requestId });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const [index, bytes] of images.entries()) {
      for (let p = 0; p < partials; p++) {
        const draft = await makeImage(64, 64, "png", index + p + 1);
        send(`${prefix}.partial_image`, { type: `${prefix}.partial_image`, b64_json: draft.toString("base64"), partial_image_index: p, ...common });
      }
      if (scenario.kind === "stream_error") {
        send("error", { type: "error", error: { type: "image_generation_user_error", code: "moderation_blocked", message: MODERATION_MESSAGE, param: null } });
        return res.end();
      }
      const usage = { input_tokens: 50, input_tokens_details: { text_tokens: 40, image_tokens: 10 }, output_tokens: 272, total_tokens: 322 };
      send(`${prefix}.completed`, { type: `${prefix}.completed`, b64_json: bytes.toString("base64"), usage, ...common });
    }
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (req.method === "GET" && path.startsWith("/generated-images/")) {
      downloads.push(path);
      const file = files.get(path.slice("/generated-images/".length));
      if (!file) return sendJson(res, 404, { error: { code: 404, message: "not found", type: "" } });
      return sendFile(res, file.bytes, file.type);
    }
    const isEdit = path === `${prefix}/images/edits`;
    let body: Record<string, unknown> | undefined;
    let uploads: ReceivedFile[] | undefined;
    if (isEdit) {
      const form = await readMultipart(req);
      body = form && typedFields(form.fields);
      uploads = form?.files;
      if (body) editBodies.add(body);
    } else {
      const text = await readBody(req);
      try {
        const parsed: unknown = text ? JSON.parse(text) : undefined;
        body = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
    }
    requests.push({ method: req.method ?? "", path, headers: req.headers, body, ...(uploads ? { files: uploads } : {}) });

    if (req.method !== "POST" || (path !== `${prefix}/images/generations` && !isEdit)) {
      return sendError(res, 404, { message: `Invalid URL (${req.method} ${path})`, type: "invalid_request_error", param: null, code: null });
    }
    if (apiKey !== null && req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendError(res, 401, {
        message: "Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      });
    }
    if (!body || (!isEdit && !req.headers["content-type"]?.startsWith("application/json"))) {
      return sendError(res, 400, {
        message: isEdit ? "Invalid Content-Type header (expected multipart/form-data)." : "We could not parse the JSON body of your request.",
        type: "invalid_request_error",
        param: null,
        code: null,
      });
    }
    if (flavor === "openai" && !(isEdit ? validateEdit(res, body, uploads ?? [], models) : validateGpt(res, body, models))) return;
    if (flavor === "localai" && body.size !== undefined && !/^\d+x\d+$/.test(String(body.size))) {
      return sendJson(res, 500, { error: { code: 500, message: "invalid value for 'size'", type: "" } });
    }

    const n = typeof body.n === "number" && body.n > 0 ? body.n : 1;
    const current = scenario;
    switch (current.kind) {
      case "moderation":
        return sendError(res, 400, { message: MODERATION_MESSAGE, type: "image_generation_user_error", param: null, code: "moderation_blocked" });
      case "dalle_safety":
        return sendError(res, 400, {
          message: "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
          type: "invalid_request_error",
          param: null,
          code: "content_policy_violation",
        });
      case "invalid_key":
        return sendError(res, 401, { message: "Incorrect API key provided: sk-revoked.", type: "invalid_request_error", param: null, code: "invalid_api_key" });
      case "forbidden":
        return sendError(res, 403, { message: "Country, region, or territory not supported", type: "request_forbidden", param: null, code: "unsupported_country_region_territory" });
      case "model_not_found":
        return sendError(res, 404, {
          message: `The model '${String(body.model)}' does not exist or you do not have access to it.`,
          type: "invalid_request_error",
          param: null,
          code: "model_not_found",
        });
      case "rate_limit":
        return sendError(
          res,
          429,
          {
            message: current.message ?? "Rate limit exceeded for images per minute in organization org-fake. Limit: 5/1min. Current: 6/1min.",
            type: "requests",
            param: null,
            code: "rate_limit_exceeded",
          },
          current.retryAfter !== undefined ? { "retry-after": current.retryAfter } : {},
        );
      case "quota":
        return sendError(res, 429, {
          message: "You exceeded your current quota, please check your plan and billing details.",
          type: "insufficient_quota",
          param: null,
          code: "insufficient_quota",
        });
      case "billing":
        return sendError(res, 400, { message: "Billing hard limit has been reached", type: "invalid_request_error", param: null, code: "billing_hard_limit_reached" });
      case "bad_request":
        return sendError(res, 400, { message: "Invalid 'prompt': too long.", type: "invalid_request_error", param: "prompt", code: "invalid_value" });
      case "server_error": {
        const status = current.status ?? 500;
        return sendError(res, status, {
          message: status === 503 ? "The engine is currently overloaded, please try again later" : "The server had an error while processing your request. Sorry about that!",
          type: "server_error",
          param: null,
          code: null,
        });
      }
      case "malformed":
        res.writeHead(200, { "content-type": "application/json" });
        return res.end('{"created": 1, "images": "nope"}');
      case "empty":
        return sendJson(res, 200, { created: 1, data: [] });
      case "slow":
        await new Promise((r) => setTimeout(r, current.delayMs));
        if (res.destroyed) return; // not req.destroyed: a fully read request is destroyed on Node ≥ 16
        return generate(res, body, n, origin);
      case "partial":
        return generate(res, body, Math.min(n, current.returned), origin);
      case "foreign_url":
        return generate(res, body, n, origin.replace("127.0.0.1", "localhost"));
      case "stream_error":
      case "success":
        return generate(res, body, n, origin);
    }
  }

  const server = await listen((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: "server_error", param: null, code: null } });
      else res.destroy();
    });
  });
  origin = server.url;

  return {
    url: `${origin}${prefix}`,
    origin,
    requests,
    downloads,
    setScenario(next) {
      scenario = next;
    },
    close: server.close,
  };
}
