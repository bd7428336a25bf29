import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-edits";
import { startWorker, stopWorker } from "@/lib/queue/queue";
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
  beforeAll(() => startWorker());
  afterAll(() => stopWorker({ graceMs: 5_000 }));

  it("answers Prefer: respond-async with 202, then the queued job edits the stored pictures with their mask and input_fidelity", async () => {
    const files = [{ field: "image", bytes: await png(1536, 1024) }, { field: "mask", bytes: await png(1536, 1024, true) }];
    const { status, body } = await edit("", { model: "openai/gpt-image-1.5", prompt: "a hat", input_fidelity: "high" }, files, { prefer: "respond-async" });
    expect(status).toBe(202);
    expect(body).toMatchObject({ object: "generation", status: "pending", status_url: expect.stringContaining(`/v1/generations/${body.id}`) });
    let row = await db().generation.findUnique({ where: { id: body.id } });
    for (let i = 0; i < 200 && row?.status === "pending"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await db().generation.findUnique({ where: { id: body.id } });
    }
    expect(row).toMatchObject({ status: "succeeded", operation: "edit", provider: "openai", async: true });
    const sent = fake.requests.filter((r) => r.path === "/v1/images/edits");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ prompt: "a hat", size: "1536x1024", input_fidelity: "high" });
    expect(sent[0]!.files!.map((f) => f.field)).toEqual(["image", "mask"]);
    expect(await db().generationInput.count({ where: { generationId: body.id } })).toBe(2);
  });

  it("takes ?async=true too, and refuses a model that cannot edit before answering 202", async () => {
    const refused = await edit("?async=true", { model: "imagen-4.0-generate-001", prompt: "x" }, [{ field: "image", bytes: await png() }]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("model_not_editable");
    const { status } = await edit("?async=true", { model: "local/gpt-image-1.5", prompt: "x" }, [{ field: "image", bytes: await png() }]);
    expect(status).toBe(202);
  });
});

describe("async generations keep their 202 (shared helper)", () => {
  it("answers Prefer: respond-async on /v1/images/generations with the poll URL", async () => {
    const { POST: generations } = await import("@/lib/api/routes/images-generations");
    const res = await generations(
      new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json", prefer: "respond-async" }, body: JSON.stringify({ model: "local/flux-dev", prompt: "a kite" }) }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status_url: string };
    expect(res.headers.get("location")).toBe(body.status_url);
    expect(res.headers.get("preference-applied")).toBe("respond-async");
  });
});
