import { describe, expect, it } from "vitest";
import { listModels } from "@/lib/catalog";
import { falFamily } from "@/lib/providers/fal/fal-inputs";
import { REPLICATE_MODELS } from "@/lib/providers/replicate/replicate-inputs";

// The catalog's edit capability and the adapters that act on it must agree.

const editOffers = () => listModels().flatMap((model) => model.providers.filter((o) => o.edit).map((offer) => ({ model, offer })));

describe("catalog edit capability", () => {
  it("covers what the issue asks for, and nothing that cannot edit", () => {
    const editable = new Set(editOffers().map(({ model, offer }) => `${offer.provider}/${model.id}`));
    for (const key of ["openai/gpt-image-1.5", "gemini/gemini-2.5-flash-image", "fal/flux-kontext-pro", "replicate/flux-kontext-pro", "local/flux-kontext-pro"]) {
      expect(editable.has(key), key).toBe(true);
    }
    for (const key of ["lumenfall/gpt-image-1.5", "vertex/imagen-4.0-generate-001", "local/imagen-4.0-generate-001", "fal/flux-dev"]) {
      expect(editable.has(key), key).toBe(false);
    }
  });

  it("names endpoints the fal and Replicate adapters know", () => {
    for (const { offer } of editOffers()) {
      if (offer.provider === "fal") expect(falFamily(offer.edit!.providerModelId ?? offer.providerModelId), offer.key).toBeDefined();
      if (offer.provider === "replicate") expect(REPLICATE_MODELS[offer.providerModelId], offer.key).toBeDefined();
    }
  });

  it("lets the simulator edit only where a real provider does, honouring masks", () => {
    for (const model of listModels()) {
      const real = model.providers.some((o) => o.provider !== "local" && o.edit);
      const local = model.providers.find((o) => o.provider === "local")!;
      expect(Boolean(local.edit), model.id).toBe(real);
      if (local.edit) expect(local.edit.mask).toBe(true);
    }
  });
});
