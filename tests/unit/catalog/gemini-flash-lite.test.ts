import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { normalizeRequest } from "@/lib/params/normalize";

describe("Gemini 3.1 Flash Lite Image", () => {
  it("is an active 1K-only Gemini model with an unverified price and a source", () => {
    const model = findModel("gemini-3.1-flash-lite-image")!;
    expect(model.lifecycle.state).toBe("active");
    expect(Object.keys(model.sizes)).toEqual(["1K"]);
    const offer = model.providers.find((o) => o.provider === "gemini")!;
    expect(offer.tiers).toEqual(["1K"]);
    expect(offer.price).toMatchObject({ perImage: { "1K": 0.0336 }, verified: false });
    expect(offer.price.source).toMatch(/pricing/);
  });

  it("sizes a request at Gemini 3's 1K pixels", () => {
    const req = normalizeRequest({ model: "gemini-3.1-flash-lite-image", prompt: "a red kite", aspect_ratio: "16:9" }, { defaultModel: "gemini-3.1-flash-image", drawSeed: () => 1 });
    expect([req.size.width, req.size.height, req.size.tier]).toEqual([1376, 768, "1K"]);
  });
});
