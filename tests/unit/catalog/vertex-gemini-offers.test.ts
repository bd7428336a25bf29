import { describe, expect, it } from "vitest";
import { findModel, findOffer } from "@/lib/catalog";

const SERVED = ["gemini-2.5-flash-image", "gemini-3.1-flash-image", "gemini-3.1-flash-lite-image", "gemini-3-pro-image"];

describe("Vertex AI offers of the Gemini image models", () => {
  it.each(SERVED)("%s: same tiers, ratios, edits and price as the Gemini API, price unverified with a Vertex source", (id) => {
    const model = findModel(id)!;
    const gemini = findOffer(model, "gemini")!;
    const vertex = findOffer(model, "vertex")!;
    expect(vertex).toMatchObject({ providerModelId: id, tiers: gemini.tiers, aspectRatios: gemini.aspectRatios, maxImagesPerCall: 1, edit: gemini.edit });
    expect(vertex.price).toMatchObject({ perImage: gemini.price.perImage, verified: false });
    expect(vertex.price.source).toMatch(/^cloud\.google\.com\/vertex-ai\/generative-ai\/pricing \(.+\), read 2026-12-03$/);
    // The Gemini API stays first, so configurations with both keep routing as before.
    expect(model.providers.map((o) => o.provider).slice(0, 2)).toEqual(["gemini", "vertex"]);
  });

  it("says Vertex honours png/jpeg natively where the Gemini API leaves formats to the gateway", () => {
    const model = findModel("gemini-3-pro-image")!;
    expect(findOffer(model, "vertex")!.params.output_format).toMatchObject({ mode: "converted", wire: "generationConfig.imageConfig.imageOutputOptions.mimeType" });
    expect(findOffer(model, "vertex")!.params.size?.note).toMatch(/4K as a preview/);
    expect(findOffer(model, "gemini")!.params.output_format).toEqual({ mode: "emulated" });
    expect(findOffer(findModel("gemini-3.1-flash-lite-image")!, "vertex")!.params.size?.note).toBeUndefined();
  });

  it("adds no Vertex offer to the retired preview", () => {
    expect(findOffer(findModel("gemini-3-pro-image-preview")!, "vertex")).toBeUndefined();
  });
});
