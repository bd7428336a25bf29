import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { normalizeRequest } from "@/lib/params/normalize";
import { createFalProvider } from "@/lib/providers/fal";
import { REPLICATE_MODELS, buildInput } from "@/lib/providers/replicate/replicate-inputs";
import { startFalFake, type FalFake } from "../../fakes/fal-fake";
import { callOptions, catalogOffer, useFake } from "../../helpers/call-options";

let fake: FalFake;
useFake(async () => (fake = await startFalFake()));

const SPEEDS = [
  ["turbo", "TURBO", 0.03],
  ["balanced", "BALANCED", 0.06],
  ["quality", "QUALITY", 0.09],
] as const;

describe("Ideogram 3.0 in the catalog", () => {
  it("has a model per speed on fal (one endpoint) and Replicate (a model each), active, priced unverified with a dated source", () => {
    for (const [speed, , usd] of SPEEDS) {
      const model = findModel(`ideogram-v3-${speed}`)!;
      expect(model.lifecycle.state).toBe("active");
      expect(model.providers.map((o) => [o.provider, o.providerModelId])).toEqual([
        ["fal", "fal-ai/ideogram/v3"],
        ["replicate", `ideogram-ai/ideogram-v3-${speed}`],
        ["local", `ideogram-v3-${speed}`],
      ]);
      for (const offer of model.providers.filter((o) => o.provider !== "local")) {
        expect(offer.price).toMatchObject({ perImage: { "1K": usd }, verified: false });
        expect(offer.price.source).toMatch(/unverified.*2026-12-03/);
      }
    }
  });

  it("sizes a 16:9 request at Ideogram's own 1312x736", () => {
    const req = normalizeRequest({ model: "ideogram-v3-turbo", prompt: "a poster", aspect_ratio: "16:9" }, { defaultModel: "ideogram-v3-turbo", drawSeed: () => 1 });
    expect([req.size.width, req.size.height]).toEqual([1312, 736]);
  });

  it("asks fal for the model's rendering speed, its pixels, several images per call and the negative prompt", async () => {
    for (const [speed, wire] of SPEEDS) {
      fake.requests.length = 0;
      const offer = catalogOffer(`ideogram-v3-${speed}`, "fal");
      const model = createFalProvider({ apiKey: fake.key, queueUrl: `${fake.url}/`, pollIntervalMs: 10, maxDownloadBytes: 10_000_000 }).imageModel(offer);
      const options = callOptions({ n: 3, negativePrompt: "blur", aspectRatio: "16:9", width: 1312, height: 736 });
      const result = await model.doGenerate(options, { signal: AbortSignal.timeout(10_000) });
      expect(result.images.length).toBeGreaterThan(0);
      const submit = fake.requests.find((r) => r.method === "POST")!;
      expect(submit.path).toBe("/fal-ai/ideogram/v3");
      expect(submit.body).toMatchObject({ prompt: "a lighthouse at dusk", negative_prompt: "blur", num_images: 3, seed: 42, rendering_speed: wire, image_size: { width: 1312, height: 736 } });
    }
  });

  it("sends Replicate's ideogram models a seed and aspect_ratio, one image per prediction", () => {
    const id = "ideogram-ai/ideogram-v3-quality";
    const { input, warnings } = buildInput(id, REPLICATE_MODELS[id]!, callOptions({ aspectRatio: "3:2", seedExplicit: true }));
    expect(input).toEqual({ prompt: "a lighthouse at dusk", aspect_ratio: "3:2", seed: 42 });
    expect(warnings).toEqual([]);
  });
});
