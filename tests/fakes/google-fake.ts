import { createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listen, readBody, sendJson } from "./fake-server";
import { generateContent, VERTEX_GLOBAL_ONLY } from "./google-generate-content";
import { googleError, invalid, solidImage, type Reply } from "./google-replies";

export { FLASH_IMAGE_SIZES } from "./google-generate-content";

/**
 * A local stand-in for Google's image endpoints, serving both hosts' paths from one server:
 * Vertex AI `…/publishers/google/models/{m}:predict` and `:generateContent` (Bearer), the Gemini API
 * `/v1beta/models/{m}:predict` and `:generateContent` (x-goog-api-key), and an OAuth token endpoint for
 * service-account JWT grants.
 * It checks what Google checks and answers with Google's error envelope when a request is wrong.
 */

export const IMAGEN_SIZES: Record<"1K" | "2K", Record<string, [number, number]>> = {
  "1K": { "1:1": [1024, 1024], "3:4": [896, 1280], "4:3": [1280, 896], "9:16": [768, 1408], "16:9": [1408, 768] },
  "2K": { "1:1": [2048, 2048], "3:4": [1792, 2560], "4:3": [2560, 1792], "9:16": [1536, 2816], "16:9": [2816, 1536] },
};

const IMAGEN_MODELS = ["imagen-4.0-generate-001", "imagen-4.0-fast-generate-001", "imagen-4.0-ultra-generate-001"];
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const RAI_PROMPT_MESSAGE =
  "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 42876398";
const RAI_IMAGE_REASON =
  "Unable to show generated images. All images were filtered out because they violated Vertex AI's usage guidelines. You will not be charged for blocked images. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 63429089";

export type GoogleScenario =
  | { kind: "success" }
  /** 400 INVALID_ARGUMENT: the prompt tripped the Responsible AI filter. */
  | { kind: "prompt_blocked" }
  /** 200 with only `keep` images; the others leave raiFilteredReason entries, or vanish (withReasons false; `{}` when keep is 0). */
  | { kind: "filtered"; keep: number; withReasons: boolean }
  /** Any Google error envelope, e.g. 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE, 404 NOT_FOUND. */
  | { kind: "error"; status: number; googleStatus: string; message: string; retryAfter?: string; details?: unknown[] }
  /** Answers normally after `delayMs`. */
  | { kind: "slow"; delayMs: number }
  /** 200 with this raw body. */
  | { kind: "malformed"; body: string }
  /** generateContent: prompt refused up front (promptFeedback.blockReason, no candidates). */
  | { kind: "gemini_prompt_blocked"; blockReason: string; message?: string }
  /** generateContent: a candidate without an image part. */
  | { kind: "gemini_no_image"; finishReason: string; text?: string; finishMessage?: string };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  raw: string;
}

export interface GoogleFakeOptions {
  project?: string;
  location?: string;
  apiKey?: string;
  /** A Bearer token accepted as-is (besides the ones /token issues). */
  accessToken?: string;
}

function base64url(input: string): Buffer {
  return Buffer.from(input.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

export interface GoogleFake {
  url: string;
  project: string;
  location: string;
  apiKey: string;
  accessToken: string;
  requests: ReceivedRequest[];
  /** Model requests only (token grants excluded). */
  modelRequests(): ReceivedRequest[];
  setScenario(scenario: GoogleScenario): void;
  /** Makes the token endpoint refuse every grant (400 invalid_grant). */
  setTokenGrantRefused(refused: boolean): void;
  /** Tokens the /token endpoint has issued. */
  issuedTokens: string[];
  /** A service-account key file whose token_uri points at this fake. */
  serviceAccountKey(): Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

export async function startGoogleFake(options: GoogleFakeOptions = {}): Promise<GoogleFake> {
  const project = options.project ?? "darkroom-test";
  const location = options.location ?? "us-central1";
  const apiKey = options.apiKey ?? "gemini-test-key";
  const accessToken = options.accessToken ?? "ya29.static-test-token";
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const clientEmail = `darkroom@${project}.iam.gserviceaccount.com`;
  const issuedTokens: string[] = [];
  const requests: ReceivedRequest[] = [];
  let scenario: GoogleScenario = { kind: "success" };
  let grantRefused = false;
  let url = "";

  function grantToken(form: URLSearchParams): Reply {
    if (grantRefused) return { status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT Signature." } };
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "Invalid grant_type." } };
    }
    const [header, payload, signature] = (form.get("assertion") ?? "").split(".");
    if (!header || !payload || !signature) return { status: 400, body: { error: "invalid_request", error_description: "Invalid JWT." } };
    const verifier = createVerify("RSA-SHA256");
    verifier.update(`${header}.${payload}`);
    if (!verifier.verify(publicKey, base64url(signature))) {
      return { status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT Signature." } };
    }
    const claims = JSON.parse(base64url(payload).toString("utf8")) as Record<string, unknown>;
    const now = Date.now() / 1000;
    if (claims.iss !== clientEmail) return { status: 400, body: { error: "invalid_grant", error_description: "Invalid issuer." } };
    if (claims.aud !== GOOGLE_TOKEN_URL) return { status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT: Failed audience check." } };
    if (typeof claims.exp !== "number" || claims.exp < now) return { status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT: Token must be a short-lived token." } };
    if (!String(claims.scope ?? "").split(" ").includes("https://www.googleapis.com/auth/cloud-platform")) {
      return { status: 400, body: { error: "invalid_scope", error_description: "Invalid OAuth scope or ID token audience provided." } };
    }
    const token = `ya29.fake-${randomBytes(8).toString("hex")}`;
    issuedTokens.push(token);
    return { status: 200, body: { access_token: token, expires_in: 3599, token_type: "Bearer" } };
  }

  /** Checks a `:predict` body as Imagen does; returns an error reply or the pieces needed to answer. */
  function checkPredict(body: unknown, model: string, gemini: boolean): Reply | { count: number; width: number; height: number; format: "png" | "jpeg"; quality?: number; enhance: boolean; prompt: string } {
    if (typeof body !== "object" || body === null) return invalid("Invalid JSON payload received.");
    const { instances, parameters = {} } = body as { instances?: unknown; parameters?: Record<string, unknown> };
    const prompt = Array.isArray(instances) && instances.length === 1 ? (instances[0] as { prompt?: unknown }).prompt : undefined;
    if (typeof prompt !== "string" || !prompt.trim()) return invalid("instances[0].prompt is required and must be a non-empty string.");
    if (gemini) {
      for (const field of ["negativePrompt", "seed", "addWatermark", "enhancePrompt", "storageUri"]) {
        if (field in parameters) return invalid(`${field} parameter is not supported in Gemini API.`);
      }
    }
    const count = parameters.sampleCount ?? 4;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 4) return invalid("sampleCount must be an integer between 1 and 4.");
    const ratio = parameters.aspectRatio ?? "1:1";
    if (typeof ratio !== "string" || !IMAGEN_SIZES["1K"][ratio]) return invalid(`Unsupported aspect ratio: ${String(ratio)}.`);
    let tier: "1K" | "2K" = "1K";
    if (parameters.sampleImageSize !== undefined) {
      const size = String(parameters.sampleImageSize).toUpperCase();
      if (size !== "1K" && size !== "2K") return invalid(`Unsupported sampleImageSize: ${String(parameters.sampleImageSize)}.`);
      if (model.includes("fast")) return invalid(`sampleImageSize is not supported for ${model}.`);
      tier = size;
    }
    if (parameters.seed !== undefined) {
      if (!Number.isInteger(parameters.seed) || (parameters.seed as number) < 0 || (parameters.seed as number) > 4_294_967_295) return invalid("seed must be a uint32.");
      if (parameters.addWatermark !== false) return invalid("Seed is not supported when addWatermark is enabled. Set addWatermark to false to use a seed.");
    }
    if (parameters.negativePrompt !== undefined && typeof parameters.negativePrompt !== "string") return invalid("negativePrompt must be a string.");
    if (parameters.enhancePrompt !== undefined && typeof parameters.enhancePrompt !== "boolean") return invalid("enhancePrompt must be a boolean.");
    let format: "png" | "jpeg" = "png";
    let quality: number | undefined;
    if (parameters.outputOptions !== undefined) {
      const out = parameters.outputOptions as { mimeType?: unknown; compressionQuality?: unknown };
      if (out.mimeType !== undefined && out.mimeType !== "image/png" && out.mimeType !== "image/jpeg") return invalid(`Unsupported output mime type: ${String(out.mimeType)}.`);
      if (out.mimeType === "image/jpeg") format = "jpeg";
      if (out.compressionQuality !== undefined) {
        if (!Number.isInteger(out.compressionQuality) || (out.compressionQuality as number) < 0 || (out.compressionQuality as number) > 100) {
          return invalid("compressionQuality must be an integer between 0 and 100.");
        }
        quality = out.compressionQuality as number;
      }
    }
    const [width, height] = IMAGEN_SIZES[tier][ratio]!;
    return { count: count as number, width, height, format, quality, enhance: parameters.enhancePrompt === true, prompt };
  }

  async function predict(body: unknown, model: string, gemini: boolean): Promise<Reply> {
    if (!IMAGEN_MODELS.includes(model)) {
      return gemini
        ? googleError(404, "NOT_FOUND", `models/${model} is not found for API version v1beta, or is not supported for predict.`)
        : googleError(404, "NOT_FOUND", `Publisher Model \`projects/${project}/locations/${location}/publishers/google/models/${model}\` not found.`);
    }
    const checked = checkPredict(body, model, gemini);
    if ("status" in checked) return checked;
    if (scenario.kind === "prompt_blocked") return invalid(RAI_PROMPT_MESSAGE);
    const keep = scenario.kind === "filtered" ? Math.min(scenario.keep, checked.count) : checked.count;
    const image = (await solidImage(checked.width, checked.height, checked.format, checked.quality)).toString("base64");
    const predictions: Record<string, unknown>[] = Array.from({ length: keep }, () => ({
      mimeType: `image/${checked.format}`,
      bytesBase64Encoded: image,
      ...(checked.enhance ? { prompt: `Enhanced: ${checked.prompt}` } : {}),
    }));
    if (scenario.kind === "filtered" && scenario.withReasons) {
      for (let i = keep; i < checked.count; i++) predictions.push({ raiFilteredReason: RAI_IMAGE_REASON });
    }
    return { status: 200, body: predictions.length ? { predictions } : {} };
  }

  function checkBearer(req: IncomingMessage): Reply | undefined {
    const auth = req.headers.authorization;
    if (!auth) {
      return googleError(401, "UNAUTHENTICATED", "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
    }
    const token = /^Bearer (.+)$/.exec(auth)?.[1];
    if (!token || (token !== accessToken && !issuedTokens.includes(token))) {
      return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
    }
    return undefined;
  }

  function checkApiKey(req: IncomingMessage): Reply | undefined {
    const key = req.headers["x-goog-api-key"];
    if (!key) return googleError(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
    if (key !== apiKey) {
      return googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } },
      ]);
    }
    return undefined;
  }

  /** A Vertex path's project and location, as Google checks them before the body. */
  function checkVertexResource(project_: string, location_: string, model: string, method: string): Reply | undefined {
    // Gemini models are also served from the project's `global` location; Imagen only where it was configured.
    const served = location_ === location || (method === "generateContent" && location_ === "global");
    if (project_ !== project || !served) {
      return googleError(403, "PERMISSION_DENIED", `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/${project_}/locations/${location_}' (or it may not exist).`);
    }
    if (method === "generateContent" && location_ !== "global" && VERTEX_GLOBAL_ONLY.includes(model)) {
      return googleError(404, "NOT_FOUND", `Publisher Model \`projects/${project_}/locations/${location_}/publishers/google/models/${model}\` was not found or your project does not have access to it.`);
    }
    return undefined;
  }

  async function route(req: IncomingMessage, path: string, raw: string, body: unknown): Promise<Reply> {
    if (path === "/token") {
      if (req.method !== "POST") return { status: 405, body: { error: "invalid_request" } };
      return grantToken(new URLSearchParams(raw));
    }
    if (req.method !== "POST") return googleError(405, "INVALID_ARGUMENT", "Method not allowed.");
    const vertex = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(predict|generateContent)$/.exec(path);
    const gemini = /^\/v1beta\/models\/([^/:]+):(predict|generateContent)$/.exec(path);
    if (!vertex && !gemini) return googleError(404, "NOT_FOUND", `The requested URL ${path} was not found on this server.`);
    const authProblem = vertex ? checkBearer(req) : checkApiKey(req);
    if (authProblem) return authProblem;
    const model = decodeURIComponent((vertex ? vertex[3] : gemini![1])!);
    const method = (vertex ? vertex[4] : gemini![2])!;
    const resourceProblem = vertex && checkVertexResource(vertex[1]!, vertex[2]!, model, method);
    if (resourceProblem) return resourceProblem;
    if (body === undefined) return invalid("Invalid JSON payload received. Unexpected end of string.");
    const current = scenario;
    if (current.kind === "error") {
      return {
        ...googleError(current.status, current.googleStatus, current.message, current.details),
        ...(current.retryAfter ? { headers: { "retry-after": current.retryAfter } } : {}),
      };
    }
    if (current.kind === "slow") await new Promise((r) => setTimeout(r, current.delayMs));
    if (method === "predict") return predict(body, model, !vertex);
    const resource = `projects/${vertex?.[1]}/locations/${vertex?.[2]}/publishers/google/models/${model}`;
    return generateContent(body, model, vertex ? "vertex" : "gemini", current, resource);
  }

  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((raw) => {
      const path = new URL(req.url ?? "/", "http://fake").pathname;
      let body: unknown;
      try {
        body = raw && req.headers["content-type"]?.includes("json") ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      requests.push({ method: req.method ?? "GET", path, headers: { ...req.headers }, body: body ?? raw, raw });
      route(req, path, raw, body).then(
        (reply) => {
          if (res.destroyed) return;
          if (scenario.kind === "malformed" && reply.status === 200 && path !== "/token") {
            res.writeHead(200, { "content-type": "application/json" }).end(scenario.body);
            return;
          }
          sendJson(res, reply.status, reply.body, { "content-type": "application/json; charset=UTF-8", ...reply.headers });
        },
        (error: unknown) => {
          if (!res.destroyed) res.writeHead(500).end(JSON.stringify(googleError(500, "INTERNAL", String(error)).body));
        },
      );
    });
  });
  url = server.url;

  return {
    url,
    project,
    location,
    apiKey,
    accessToken,
    requests,
    issuedTokens,
    modelRequests: () => requests.filter((r) => r.path !== "/token"),
    setScenario: (next) => {
      scenario = next;
    },
    setTokenGrantRefused: (refused) => {
      grantRefused = refused;
    },
    serviceAccountKey: () => ({
      type: "service_account",
      project_id: project,
      private_key_id: randomBytes(20).toString("hex"),
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      client_email: clientEmail,
      client_id: "100000000000000000001",
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: `${url}/token`,
      universe_domain: "googleapis.com",
    }),
    reset: () => {
      scenario = { kind: "success" };
      grantRefused = false;
      requests.length = 0;
    },
    close: server.close,
  };
}
