import { describe, expect, it } from "vitest";
import { findModel, findOffer, listModels } from "@/lib/catalog";
import { buildFalRequest, falFamily } from "@/lib/providers/fal/fal-inputs";
import { REPLICATE_MODELS, buildInput } from "@/lib/providers/replicate/replicate-inputs";
import { callOptions } from "../../helpers/call-options";

describe("catalog offers the adapters can serve", () => {
  const offers = listModels().flatMap((model) => model.providers.map((offer) => ({ model, offer })));

  it("every fal offer names an endpoint family the fal adapter knows", () => {
    const unknown = offers.filter(({ offer }) => offer.provider === "fal" && !falFamily(offer.providerModelId));
    expect(unknown.map(({ offer }) => offer.key)).toEqual([]);
  });

  it("every Replicate offer names a model whose inputs the adapter knows, for each of its tiers", () => {
    const replicate = offers.filter(({ offer }) => offer.provider === "replicate");
    expect(replicate.filter(({ offer }) => !REPLICATE_MODELS[offer.providerModelId]).map(({ offer }) => offer.key)).toEqual([]);
    for (const { offer } of replicate) {
      for (const tier of offer.tiers) expect(REPLICATE_MODELS[offer.providerModelId]!.tiers[tier], `${offer.key} ${tier}`).toBeDefined();
    }
  });

  it("every model is served by the simulator, last", () => {
    for (const model of listModels()) expect(model.providers.at(-1)!.provider).toBe("local");
  });

  it("holds the current models with a lifecycle, and the old ones with their honest one", () => {
    const state = (id: string) => findModel(id)?.lifecycle.state;
    for (const id of ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini", "gemini-3.1-flash-image", "gemini-3-pro-image", "flux-1.1-pro", "flux-kontext-pro", "flux-kontext-max", "seedream-4", "recraft-v3"]) {
      expect(state(id), id).toBe("active");
    }
    expect(state("gemini-3-pro-image-preview")).toBe("retired");
    expect(findModel("gemini-3-pro-image-preview")!.lifecycle.replacement).toBe("gemini-3-pro-image");
    expect(state("imagen-4.0-generate-001")).toBe("deprecated");
    for (const model of listModels()) {
      if (model.lifecycle.replacement) expect(findModel(model.lifecycle.replacement)?.lifecycle.state, model.id).toBe("active");
    }
  });

  it("marks the new offers' prices unverified, with a source", () => {
    for (const id of ["gpt-image-1.5", "gemini-3-pro-image", "flux-kontext-pro", "seedream-4"]) {
      for (const offer of findModel(id)!.providers.filter((o) => o.provider !== "local")) {
        expect(offer.price.verified, offer.key).toBe(false);
        expect(offer.price.source).toMatch(/\S/);
      }
    }
  });

  it("says GPT image models answer b64_json natively and the others url", () => {
    expect(findModel("gpt-image-2")!.defaultResponseFormat).toBe("b64_json");
    expect(findModel("gpt-image-1.5")!.defaultResponseFormat).toBe("b64_json");
    expect(findModel("gpt-image-1-mini")!.defaultResponseFormat).toBe("b64_json");
    expect(findModel("flux-dev")!.defaultResponseFormat).toBe("url");
    expect(findModel("gemini-3-pro-image")!.defaultResponseFormat).toBe("url");
  });
});

describe("inputs of the new hosted models", () => {
  it("sends Kontext on fal an aspect ratio and FLUX 1.1 [pro] a preset", () => {
    const kontext = "fal-ai/flux-pro/kontext/max/text-to-image";
    expect(buildFalRequest(falFamily(kontext)!, kontext, callOptions({ aspectRatio: "21:9", n: 2 })).input).toMatchObject({ aspect_ratio: "21:9", num_images: 2, seed: 42 });
    const pro = "fal-ai/flux-pro/v1.1";
    expect(buildFalRequest(falFamily(pro)!, pro, callOptions({ aspectRatio: "16:9" })).input).toMatchObject({ image_size: "landscape_16_9" });
  });

  it("sends Seedream on fal the catalog's pixels for the ratio and tier", () => {
    const model = findModel("seedream-4")!;
    const [width, height] = model.sizes["2K"]!["4:3"]!.native;
    const id = findOffer(model, "fal")!.providerModelId;
    const { input } = buildFalRequest(falFamily(id)!, id, callOptions({ aspectRatio: "4:3", tier: "2K", width, height }));
    expect(input.image_size).toEqual({ width: 2304, height: 1728 });
  });

  it("sends Replicate's FLUX pro models one seeded image and Seedream its size tier without a seed", () => {
    const kontext = buildInput("black-forest-labs/flux-kontext-pro", REPLICATE_MODELS["black-forest-labs/flux-kontext-pro"]!, callOptions({ outputFormat: "jpeg" }));
    expect(kontext.input).toEqual({ prompt: "a lighthouse at dusk", aspect_ratio: "1:1", seed: 42, output_format: "jpg" });
    const seedream = buildInput("bytedance/seedream-4", REPLICATE_MODELS["bytedance/seedream-4"]!, callOptions({ tier: "2K", seedExplicit: true }));
    expect(seedream.input).toEqual({ prompt: "a lighthouse at dusk", aspect_ratio: "1:1", size: "2K" });
    expect(seedream.warnings.map((w) => w.param)).toContain("seed");
  });
});
