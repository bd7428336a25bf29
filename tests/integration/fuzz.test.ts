// Property: whatever arrives — any body, path, query, method or header — the app answers below 500, and
// every 4xx is the OpenAI error shape. Seeded, so a failure replays; 10,150 generated requests in all.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listModels } from "@/lib/catalog";
import { dispatch, startInProcessApp, type InProcessApp } from "./fuzz-app";

let app: InProcessApp;
const SEED = 20261202;

beforeAll(async () => {
  app = await startInProcessApp();
});

afterAll(async () => {
  await app?.dispose();
});

const modelIds = () => listModels().map((m) => m.id);

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: anyUnit, maxLength: 30 }),
  fc.constantFrom("", " ", "\u0000", "\ud800", "\udfff", "%", "%ff", "../../etc/passwd", "x".repeat(10_000), "🦀".repeat(50), "NaN", "-1", "1e400"),
);
const nastyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 32, 2 ** 53 + 1, -0, 1e308, 0.5));
const nastyValue = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));

const KEYS = ["model", "prompt", "negative_prompt", "seed", "n", "size", "aspect_ratio", "resolution", "response_format", "output_format",
  "output_compression", "quality", "style", "thinking", "thinking_level", "enhance_prompt", "user", "provider_order", "webhook_url", "allow_partial"];

/** Bodies shaped like generation requests, each field valid, absent or hostile. */
function generationBody() {
  const valid: Record<string, fc.Arbitrary<unknown>> = {
    model: fc.oneof(fc.constantFrom(...modelIds()), fc.constantFrom(...modelIds()).map((id) => `local/${id}`), nastyString),
    prompt: fc.oneof(fc.constant("a lighthouse at dusk"), nastyString),
    size: fc.oneof(fc.constantFrom("1024x1024", "16:9", "256x256", "0x0", "99999x99999", "1:0"), nastyString),
    n: fc.oneof(fc.integer({ min: -2, max: 12 }), nastyValue),
  };
  const fields = Object.fromEntries(KEYS.map((key) => [key, valid[key] ?? nastyValue]));
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.dictionary(fc.oneof(nastyString, fc.constantFrom("__proto__", "constructor", "prototype", "extra")), nastyValue, { maxKeys: 3 }),
    )
    .map(([known, unknown]) => JSON.stringify({ ...unknown, ...known }));
}

/** A body with an unknown key nested up to 6,000 deep (spliced as text: JSON.stringify itself would overflow). */
const deepBody = fc.tuple(generationBody(), fc.integer({ min: 1, max: 6000 })).map(
  ([text, depth]) => `{"deep":${"[".repeat(depth)}${"]".repeat(depth)}${text.length > 2 ? `,${text.slice(1)}` : "}"}`,
);

/** Raw texts: valid bodies with bytes spliced in, and JSON that JSON.stringify would never write. */
const rawText = fc.oneof(
  deepBody,
  fc.tuple(generationBody(), fc.nat(), fc.string({ unit: anyUnit, maxLength: 5 })).map(([text, at, junk]) => text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1))),
  fc.constantFrom('{"prompt":"p","n":1e400}', '{"prompt":"p","seed":-0}', '{"prompt":"p","__proto__":null}', "[]", "null", '"x"', "", "{", '{"prompt":"\\ud800"}'),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

const plausible = fc.oneof(fc.constantFrom("png", "webp", "jpeg", "b64_json", "url", "hd", "low", "vivid", true, false, 42, 80, "2K"), nastyValue);
const fewFields = fc.dictionary(fc.constantFrom(...KEYS.filter((k) => !["model", "size", "n", "resolution", "webhook_url"].includes(k)), "lora_scale"), plausible, { maxKeys: 2 });

/** Prompt sets shaped right, so hostile text reaches the database. */
const promptSet = fc
  .record({ name: fc.oneof(fc.constant("set"), nastyString), category: fc.oneof(fc.constant("art"), nastyString), prompts: fc.array(fc.oneof(fc.constant("a cat"), nastyString), { minLength: 1, maxLength: 3 }) })
  .map((body) => JSON.stringify(body));

const POST_ENDPOINTS = ["/v1/images/generations?dryRun=true", "/openai/v1/images/generations?dry_run=1", "/v1/arena/sets", "/v1/arena/battles/bat_x/vote", "/v1/arena/battles/import"];

async function expectSane(response: Response, label: string): Promise<void> {
  expect(response.status, label).toBeLessThan(500);
  if (response.status < 400) return;
  expect(response.headers.get("content-type"), label).toMatch(/application\/json/);
  const body = (await response.json()) as { error?: Record<string, unknown> };
  const error = body.error;
  expect(error, label).toBeDefined();
  expect(typeof error!.message, label).toBe("string");
  expect(typeof error!.type, label).toBe("string");
  expect(error!.param === null || typeof error!.param === "string", label).toBe(true);
  expect(error!.code === null || typeof error!.code === "string", label).toBe(true);
  expect((error!.message as string).length, label).toBeLessThanOrEqual(2001);
}

const postText = (path: string, text: string, contentType = "application/json") =>
  app.request(path, { method: "POST", headers: { "content-type": contentType }, body: text });

describe("fuzzed requests never get a 5xx, and every 4xx is an OpenAI error", () => {
  it("POST bodies to every POST endpoint (6,000)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ENDPOINTS), fc.oneof(generationBody(), rawText, promptSet), async (path, text) => {
        await expectSane(await postText(path, text, path.endsWith("/import") ? "application/x-ndjson" : "application/json"), `POST ${path} ${text.slice(0, 200)}`);
      }),
      { seed: SEED, numRuns: 6000 },
    );
  });

  it("generations that run (the local simulator, small images) (150)", async () => {
    let generated = 0;
    await fc.assert(
      fc.asyncProperty(fewFields, fc.boolean(), fc.constantFrom("flux-schnell", "flux-dev", "imagen-4.0-fast-generate-001"), async (fields, openai, model) => {
        // Mostly valid: a real model, prompt and small size, and up to two other fields fuzzed.
        const cheap = JSON.stringify({ prompt: "a lighthouse", ...fields, model, size: "256x256", n: 1 });
        const response = await postText(`${openai ? "/openai" : ""}/v1/images/generations`, cheap);
        if (response.ok) generated++;
        await expectSane(response, `generate ${cheap.slice(0, 200)}`);
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(generated).toBeGreaterThan(10);
  });

  it("paths, queries, methods and headers (4,000)", async () => {
    const templates = ["/v1/models/:", "/v1/models/:/:", "/openai/v1/models/:", "/v1/generations/:", "/v1/generations?limit=:&cursor=:", "/images/:", "/images/:.png",
      "/images/thumbs/:", "/v1/arena/battles/:/images/:", "/v1/arena/leaderboard?board=:", "/v1/usage?group_by=:&from=:", "/v1/requests?cursor=:", "/v1/:", "/openai/v1/:/:",
      "/v1/models?schema=:", "/api/health", "/v1/providers"];
    const segment = fc.oneof(
      fc.constantFrom("%", "%f", "%ff", "%E0%A4%A", "%00", "%25", "%2F", "%c0%af", "img_abc", "gen_abc", "flux-dev", "local", "..", "", "a%20b"),
      fc.webSegment(),
      fc.string({ unit: "binary", maxLength: 12 }).map(encodeURIComponent),
      fc.string({ unit: fc.constantFrom("%", "f", "F", "0", "e", "A", "z", "/"), maxLength: 8 }),
    );
    const method = fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    const headers = fc.record(
      {
        authorization: fc.oneof(fc.constant("Bearer x"), fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }).map((s) => `Bearer ${s}`)),
        origin: fc.constantFrom("https://evil.example", "null", "http://127.0.0.1:3000", "not a url"),
        "access-control-request-method": fc.constantFrom("POST", "GET"),
        "idempotency-key": fc.string({ maxLength: 300 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templates), fc.array(segment, { minLength: 2, maxLength: 2 }), method, headers, async (template, [a, b], verb, extra) => {
        let i = 0;
        const path = template.replace(/:/g, () => (i++ === 0 ? a! : b!));
        let url: URL;
        try {
          url = new URL(`${app.url}${path}`);
        } catch {
          return; // not a URL any client could send
        }
        const response = await dispatch(new Request(url, { method: verb, headers: extra }));
        if (response) await expectSane(response, `${verb} ${path} ${JSON.stringify(extra)}`);
      }),
      { seed: SEED, numRuns: 4000 },
    );
  });
});
