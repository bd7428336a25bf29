import { describe, expect, it } from "vitest";
import { deleteGenerationRoute, deletePayloadsRoute } from "@/lib/api/routes/purge";
import { getImageFile } from "@/lib/api/routes/images-files";
import { POST } from "@/lib/api/routes/images-generations";
import { createKeyRoute } from "@/lib/api/routes/keys";
import { sweepRetention } from "@/lib/services/retention";
import { useInProcessApp } from "../../helpers/in-process";

// Retention and purges through the route handlers, in process (PGlite, simulator, local storage).

const prisma = useInProcessApp({ DARKROOM_UNSTORED_URL_TTL: "60" });

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const generate = async (body: Record<string, unknown>, key?: string) => {
  const res = await POST(new Request("http://127.0.0.1/v1/images/generations", json({ model: "local/flux-dev", response_format: "url", ...body }, key ? { authorization: `Bearer ${key}` } : {})), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: { url: string }[]; darkroom: { id: string } };
};
const fetchImage = (url: string) => {
  const file = new URL(url).pathname.split("/").pop()!;
  return getImageFile(new Request(url), { params: Promise.resolve({ file }) });
};
const purge = (id: string) => deletePayloadsRoute(new Request(`http://127.0.0.1/v1/requests/${id}/payloads`, { method: "DELETE" }), { params: Promise.resolve({ id }) });
const remove = (id: string) => deleteGenerationRoute(new Request(`http://127.0.0.1/v1/generations/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id }) });
const later = (ms: number) => new Date(Date.now() + ms);
const row = (id: string) => prisma().generation.findUnique({ where: { id }, include: { attempts: true, images: true } });

describe("retention", () => {
  it("store: false answers normally, keeps cost and attempts without the prompt, and its URL turns 410 after the TTL", async () => {
    const answer = await generate({ prompt: "a private lighthouse", negative_prompt: "fog", store: false, seed: 11 });
    const url = answer.data[0]!.url;
    expect((await fetchImage(url)).status).toBe(200);
    const kept = await row(answer.darkroom.id);
    expect(kept).toMatchObject({ prompt: "", negativePrompt: null, status: "succeeded", model: "flux-dev" });
    expect(kept!.attempts.length).toBe(1);
    expect(JSON.stringify([kept!.request, kept!.normalized, kept!.ledger, kept!.response])).not.toContain("lighthouse");
    await sweepRetention({ now: later(30_000) });
    expect((await fetchImage(url)).status).toBe(200);
    await sweepRetention({ now: later(61_000) });
    const gone = await fetchImage(url);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error).toMatchObject({ code: "image_purged", type: "invalid_request_error" });
    const after = await row(answer.darkroom.id);
    expect(after).toMatchObject({ costUsd: kept!.costUsd, latencyMs: kept!.latencyMs });
    expect(after!.attempts.length).toBe(1);
  });

  it("a key with 0-day retention leaves no bytes; one with days keeps favorites past its deadline", async () => {
    const mint = async (retention: number) => (await (await createKeyRoute(new Request("http://127.0.0.1/v1/keys", json({ name: `r${retention}`, retention })), { params: Promise.resolve({}) })).json()) as { key: string; retention: string };
    const none = await mint(0);
    expect(none.retention).toBe("none");
    const zero = await generate({ prompt: "zero day", seed: 21 }, none.key);
    await sweepRetention({ now: later(61_000) });
    expect((await fetchImage(zero.data[0]!.url)).status).toBe(410);
    expect((await row(zero.darkroom.id))!.images).toEqual([]);

    const week = await mint(7);
    const plain = await generate({ prompt: "weekly plain", seed: 22 }, week.key);
    const loved = await generate({ prompt: "weekly loved", seed: 23 }, week.key);
    await prisma().generation.update({ where: { id: loved.darkroom.id }, data: { favorite: true } });
    await sweepRetention({ now: later(6 * 86_400_000) });
    expect((await fetchImage(plain.data[0]!.url)).status).toBe(200);
    await sweepRetention({ now: later(8 * 86_400_000) });
    expect((await fetchImage(plain.data[0]!.url)).status).toBe(410);
    expect((await fetchImage(loved.data[0]!.url)).status).toBe(200);
    expect((await row(loved.darkroom.id))!.prompt).toBe("weekly loved");
  });

  it("purging one of two generations sharing a file keeps the other's image; purging twice is a no-op", async () => {
    const a = await generate({ prompt: "shared bytes", seed: 31 });
    const b = await generate({ prompt: "shared bytes", seed: 31 });
    const [ra, rb] = [await row(a.darkroom.id), await row(b.darkroom.id)];
    expect(ra!.images[0]!.storageKey).toBe(rb!.images[0]!.storageKey);
    const first = await purge(a.darkroom.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ deleted: true, files_removed: 0 });
    expect((await fetchImage(a.data[0]!.url)).status).toBe(410);
    expect((await fetchImage(b.data[0]!.url)).status).toBe(200);
    const again = await purge(a.darkroom.id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ deleted: true, files_removed: 0 });
    expect(await row(a.darkroom.id)).toMatchObject({ prompt: "", costUsd: ra!.costUsd });

    // The last generation holding the file takes it along (the thumbnail, if made, too).
    const lastPurge = (await (await purge(b.darkroom.id)).json()) as { files_removed: number };
    expect(lastPurge.files_removed).toBeGreaterThan(0);
    expect((await fetchImage(b.data[0]!.url)).status).toBe(410);
    expect((await purge("gen_doesnotexist")).status).toBe(404);
  });

  it("refuses a store that is not a boolean and a key retention that is not keep, none or days, in OpenAI's error shape", async () => {
    const bad = await POST(new Request("http://127.0.0.1/v1/images/generations", json({ model: "local/flux-dev", prompt: "x", store: "no" })), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ type: "invalid_request_error", param: "store" });
    const key = await createKeyRoute(new Request("http://127.0.0.1/v1/keys", json({ name: "bad", retention: "forever" })), { params: Promise.resolve({}) });
    expect(key.status).toBe(400);
    expect((await key.json()).error).toMatchObject({ param: "retention" });
  });

  it("DELETE /v1/generations/{id} removes the row and is idempotent", async () => {
    const g = await generate({ prompt: "to delete", seed: 41 });
    expect((await remove(g.darkroom.id)).status).toBe(200);
    expect(await row(g.darkroom.id)).toBeNull();
    expect((await fetchImage(g.data[0]!.url)).status).toBe(404);
    const again = await remove(g.darkroom.id);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: g.darkroom.id, object: "generation", deleted: true });
  });
});
