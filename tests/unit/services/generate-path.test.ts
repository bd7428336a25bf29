import { describe, expect, it } from "vitest";
import { getGenerationRoute } from "@/lib/api/routes/generations";
import { POST } from "@/lib/api/routes/images-generations";
import { serverContext } from "@/lib/server/context";
import { useInProcessApp } from "../../helpers/in-process";

// The whole generation path (route handler → services → router → simulator → PGlite), without a server.

const post = (body: Record<string, unknown>, init: { key?: string; signal?: AbortSignal } = {}) =>
  POST(
    new Request("http://127.0.0.1/v1/images/generations", {
      method: "POST",
      headers: { "content-type": "application/json", ...(init.key ? { "idempotency-key": init.key } : {}) },
      body: JSON.stringify(body),
      signal: init.signal,
    }),
    { params: Promise.resolve({}) },
  );
const getGeneration = (id: string) => getGenerationRoute(new Request(`http://127.0.0.1/v1/generations/${id}`), { params: Promise.resolve({ id }) });

const prisma = useInProcessApp({
  DARKROOM_SIMULATOR_LATENCY_MS: "150",
  DARKROOM_SIMULATOR_FAILURE_RATE: "flux-schnell=1",
  DARKROOM_RETRY_BASE_MS: "1",
});

describe("the generation path", () => {
  it("answers with the Images body and x-darkroom headers, and replays it byte for byte", async () => {
    const body = { model: "local/flux-dev", prompt: "a lighthouse", seed: 3 };
    const first = await post(body, { key: "k-ok" });
    expect(first.status).toBe(200);
    const text = await first.text();
    const json = JSON.parse(text);
    expect(first.headers.get("x-darkroom-generation-id")).toBe(json.darkroom.id);
    expect(first.headers.get("x-darkroom-simulated")).toBe("true");
    const again = await post(body, { key: "k-ok" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(text);
    const view = await (await getGeneration(json.darkroom.id)).json();
    expect(view).toEqual({ id: json.darkroom.id, object: "generation", status: "succeeded", created: json.created, model: "flux-dev", source: "api", ...json });
  });

  it("reports one unavailable provider as 503 provider_unavailable, the same on replay and on GET", async () => {
    const body = { model: "local/flux-schnell", prompt: "a lighthouse" };
    const first = await post(body, { key: "k-fail" });
    expect(first.status).toBe(503);
    const text = await first.text();
    const { error } = JSON.parse(text);
    expect(error).toMatchObject({ type: "service_unavailable", code: "provider_unavailable", param: null });
    expect(Object.keys(error)).toEqual(["message", "type", "param", "code", "provider", "attempts", "generation_id"]);
    const again = await post(body, { key: "k-fail" });
    expect(again.status).toBe(503);
    expect(await again.text()).toBe(text);
    const view = await (await getGeneration(error.generation_id)).json();
    expect(view).toMatchObject({ status: "failed", error });
  });

  it("records a caller's hang-up as cancelled, never against the provider's health", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const answer = await post({ model: "local/flux-dev", prompt: "cancel me" }, { signal: controller.signal });
    expect(answer.status).toBe(499);
    expect((await answer.json()).error.code).toBe("cancelled");
    const row = await prisma().generation.findFirst({ where: { prompt: "cancel me" }, include: { attempts: true } });
    expect(row).toMatchObject({ status: "cancelled", errorCode: "cancelled" });
    expect(row!.attempts.map((a) => [a.status, a.errorKind])).toEqual([["cancelled", "cancelled"]]);
    expect(serverContext().health.health("local/flux-dev").attempts).toBe(1);
  });
});
