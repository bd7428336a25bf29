import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-edits";
import { startOpenAIFake, type OpenAIFake } from "../../fakes/openai-fake";
import { useInProcessApp } from "../../helpers/in-process";

let fake: OpenAIFake;
beforeAll(async () => {
  fake = await startOpenAIFake({ apiKey: "sk-dry" });
  process.env.OPENAI_BASE_URL = fake.url;
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const db = useInProcessApp({ OPENAI_API_KEY: "sk-dry" });

const png = (width = 1024, height = 1024, alpha = false) =>
  sharp({ create: { width, height, channels: alpha ? 4 : 3, background: { r: 10, g: 20, b: 30, alpha: alpha ? 0 : 1 } } }).png().toBuffer();

async function edit(query: string, fields: Record<string, string>, files: { field: string; bytes: Buffer }[], headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.bytes)], { type: "image/png" }), "in.png");
  const res = await POST(new Request(`http://127.0.0.1/v1/images/edits${query}`, { method: "POST", body: form, headers }), { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

type Quote = { provider: string; eligible: boolean; estimated_cost_usd: number };

describe("POST /v1/images/edits?dryRun=true", () => {
  it("quotes the providers that can edit these inputs, calls none of them and stores nothing", async () => {
    const images = [{ field: "image[]", bytes: await png() }, { field: "image[]", bytes: await png() }, { field: "mask", bytes: await png(1024, 1024, true) }];
    const { status, body } = await edit("?dryRun=true", { model: "gpt-image-1.5", prompt: "a hat", quality: "low" }, images);
    expect(status).toBe(200);
    expect(body).toMatchObject({ object: "generation.estimate", dry_run: true, model: "gpt-image-1.5", provider: "openai", size: "1024x1024" });
    const openai = (body.providers as Quote[]).find((p) => p.provider === "openai")!;
    expect(openai.eligible).toBe(true);
    expect(openai.estimated_cost_usd).toBeGreaterThan(0);
    expect(body.estimated_cost_usd).toBe(openai.estimated_cost_usd);
    expect(fake.requests).toHaveLength(0);
    expect(await db().generation.count()).toBe(0);
  });

  it("takes the first picture's shape when no size is given, as the edit would", async () => {
    const { status, body } = await edit("?dry_run=1", { model: "openai/gpt-image-1.5", prompt: "dusk" }, [{ field: "image", bytes: await png(1536, 1024) }]);
    expect(status).toBe(200);
    expect(body.size).toBe("1536x1024");
  });

  it("refuses a model that cannot edit, and a request without a picture", async () => {
    const refused = await edit("?dryRun=true", { model: "imagen-4.0-generate-001", prompt: "x" }, [{ field: "image", bytes: await png() }]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("model_not_editable");
    const empty = await edit("?dryRun=true", { model: "gpt-image-1.5", prompt: "x" }, []);
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: "missing_image", param: "image" });
  });
});

describe("async edits", () => {
  it("answers Prefer: respond-async and ?async=true with a clear 400 instead of editing synchronously", async () => {
    for (const [query, headers] of [["", { prefer: "respond-async" }], ["?async=true", {}]] as const) {
      const { status, body } = await edit(query, { model: "gpt-image-1.5", prompt: "x" }, [{ field: "image", bytes: await png() }], headers);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: "async_not_supported_for_edits", type: "invalid_request_error" });
    }
    expect(fake.requests).toHaveLength(0);
  });
});
