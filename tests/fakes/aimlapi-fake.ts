import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonOrRaw, listen, readBody, sendFile, sendJson, solidImage } from "./fake-server";

/**
 * A local stand-in for AIML API's `POST /v1/images/generations` (Imagen 4 models), per
 * aimlapi/api-docs: Bearer auth, the documented body fields and value sets (a wrong body gets AIML's
 * own 400 "Body validation error!"), base64 or URL images at Imagen's 1K pixel sizes, and the
 * `{message, path, requestId, statusCode, timestamp}` error shape.
 */

export type AimlapiScenario =
  | "success"
  | "url" // answer with URLs even when base64 was asked for
  | "partial" // one image fewer than asked
  | "safety" // 400 whose message says the prompt was blocked (shape unverified upstream)
  | "filtered" // 200 with no data and a message saying the images were filtered
  | "empty" // 200 with no data and no reason
  | "auth" // 401
  | "credits" // 403 out of credits
  | "not_found" // 404
  | "rate_limit" // 429 with Retry-After
  | "server_error" // 500
  | "unavailable" // 503
  | "malformed"; // 200 with a body that is not the documented shape

export interface AimlapiFakeState {
  scenario: AimlapiScenario;
  /** Delay before answering the generation request. */
  delayMs: number;
  /** The schema says 200, the GitBook example 201. */
  successStatus: 200 | 201;
  /** The schema reports credits_used, the worked example tokens_used. */
  usageKey: "credits_used" | "tokens_used";
  retryAfterSeconds: number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export interface AimlapiFake {
  url: string;
  apiKey: string;
  requests: ReceivedRequest[];
  set(state: Partial<AimlapiFakeState>): void;
  reset(): void;
  close(): Promise<void>;
}

export const AIMLAPI_MODELS = [
  "google/imagen-4.0-generate-001",
  "google/imagen-4.0-fast-generate-001",
  "google/imagen-4.0-ultra-generate-001",
  "google/imagen4/preview",
];

/** Imagen 4's 1K pixel sizes; AIML has no resolution parameter. */
export const AIMLAPI_SIZES: Record<string, [number, number]> = {
  "1:1": [1024, 1024],
  "4:3": [1280, 896],
  "3:4": [896, 1280],
  "16:9": [1408, 768],
  "9:16": [768, 1408],
};

const ENUMS: Record<string, string[]> = {
  aspect_ratio: Object.keys(AIMLAPI_SIZES),
  person_generation: ["dont_allow", "allow_adult"],
  safety_setting: ["block_low_and_above", "block_medium_and_above", "block_only_high"],
};

const DEFAULT_STATE: AimlapiFakeState = { scenario: "success", delayMs: 0, successStatus: 201, usageKey: "credits_used", retryAfterSeconds: 7 };

/** A solid-colour PNG of exactly width×height, its colour derived from the seed. */
export async function solidPng(width: number, height: number, seed: number): Promise<Buffer> {
  return solidImage(width, height, "png", { r: seed % 256, g: Math.floor(seed / 256) % 256, b: (seed * 7) % 256 });
}

/** The hints AIML appends to "Body validation error!" (Expected …, received …); undefined when the body is valid. */
function validate(body: Record<string, unknown>): string | undefined {
  if (!AIMLAPI_MODELS.includes(body.model as string)) {
    return `Invalid enum value. Expected ${AIMLAPI_MODELS.map((m) => `'${m}'`).join(" | ")}, received '${String(body.model)}'`;
  }
  if (typeof body.prompt !== "string" || body.prompt.length === 0) return "prompt: Required";
  if (body.prompt.length > 400) return "prompt: String must contain at most 400 character(s)";
  if (body.num_images !== undefined && (!Number.isInteger(body.num_images) || (body.num_images as number) < 1 || (body.num_images as number) > 4)) {
    return `num_images: Expected integer between 1 and 4, received ${JSON.stringify(body.num_images)}`;
  }
  if (body.seed !== undefined && (!Number.isInteger(body.seed) || (body.seed as number) < 0 || (body.seed as number) > 4294967295)) {
    return `seed: Expected integer between 0 and 4294967295, received ${JSON.stringify(body.seed)}`;
  }
  for (const key of ["enhance_prompt", "convert_base64_to_url", "add_watermark"]) {
    if (body[key] !== undefined && typeof body[key] !== "boolean") return `${key}: Expected boolean, received ${typeof body[key]}`;
  }
  for (const [key, values] of Object.entries(ENUMS)) {
    if (body[key] !== undefined && !values.includes(body[key] as string)) {
      return `${key}: Invalid enum value. Expected ${values.map((v) => `'${v}'`).join(" | ")}, received '${String(body[key])}'`;
    }
  }
  return undefined;
}

export async function startAimlapiFake(options: { apiKey?: string } = {}): Promise<AimlapiFake> {
  const apiKey = options.apiKey ?? "aiml-test-key";
  const requests: ReceivedRequest[] = [];
  const files = new Map<string, Buffer>();
  let state: AimlapiFakeState = { ...DEFAULT_STATE };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    sendJson(res, status, body, { "x-request-id": randomUUID(), ...headers });
  const error = (res: ServerResponse, status: number, path: string, message: string, headers: Record<string, string> = {}) =>
    json(res, status, { message, path, requestId: randomUUID(), statusCode: status, timestamp: new Date().toISOString() }, headers);

  const server = await listen(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const raw = await readBody(req);
    const body = jsonOrRaw(raw);
    requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });

    if (req.method === "GET" && path.startsWith("/files/")) {
      const file = files.get(path.slice("/files/".length));
      if (!file) return error(res, 404, path, "Not Found");
      return sendFile(res, file, "image/png");
    }
    if (req.method !== "POST" || path !== "/v1/images/generations") return error(res, 404, path, `Cannot ${req.method} ${path}`);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return error(res, 401, path, "This request requires a valid API key. You can create a new API key on the Billing page: https://aimlapi.com/app/keys");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) return error(res, 400, path, "Body validation error!\nExpected object");
    const input = body as Record<string, unknown>;
    const invalid = validate(input);
    if (invalid) return error(res, 400, path, `Body validation error!\n${invalid}`);
    if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));

    switch (state.scenario) {
      case "auth":
        return error(res, 401, path, "This request requires a valid API key. You can create a new API key on the Billing page: https://aimlapi.com/app/keys");
      case "credits":
        return error(res, 403, path, "You've run out of credits. Please top up your balance or update your payment method to continue: https://aimlapi.com/app/billing/");
      case "not_found":
        return error(res, 404, path, "Model not found");
      case "rate_limit":
        return error(res, 429, path, "Too Many Requests", { "retry-after": String(state.retryAfterSeconds) });
      case "server_error":
        return error(res, 500, path, "Something wrong with the server. Please, try again later.");
      case "unavailable":
        return error(res, 503, path, "Service unavailable");
      case "safety":
        return error(res, 400, path, "The prompt was blocked by the provider's safety filter (content policy violation)");
      case "filtered":
        return json(res, 200, { data: [], meta: { usage: { credits_used: 0 } }, message: "All generated images were filtered out by the safety filter" });
      case "empty":
        return json(res, 200, { data: [], meta: { usage: { credits_used: 0 } } });
      case "malformed":
        return json(res, 200, { data: "not-a-list" });
      default:
        break;
    }

    const ratio = (input.aspect_ratio as string | undefined) ?? "1:1";
    const [width, height] = AIMLAPI_SIZES[ratio]!;
    const asked = (input.num_images as number | undefined) ?? 1;
    const count = state.scenario === "partial" ? Math.max(1, asked - 1) : asked;
    const seed = (input.seed as number | undefined) ?? 0;
    const asUrl = input.convert_base64_to_url !== false || state.scenario === "url";
    const enhanced = input.enhance_prompt !== false;
    const data = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const png = await solidPng(width, height, seed + i);
        const prompt = enhanced ? `${input.prompt as string}, cinematic lighting, highly detailed` : (input.prompt as string);
        if (asUrl) {
          const name = `${randomUUID()}.png`;
          files.set(name, png);
          const host = `http://${req.headers.host}`;
          return { url: `${host}/files/${name}`, b64_json: null, mime_type: "image/png", prompt };
        }
        return { url: null, b64_json: png.toString("base64"), mime_type: "image/png", prompt };
      }),
    );
    return json(res, state.successStatus, { data, meta: { usage: { [state.usageKey]: 120000 * count } } });
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
