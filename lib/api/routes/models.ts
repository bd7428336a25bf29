import "server-only";
import { findModel, listModels, parseModelAddress, suggestModels, type CatalogModel } from "@/lib/catalog";
import { isSimulated } from "@/lib/generation/simulated";
import { modelParameterSchema } from "@/lib/params/model-schema";
import { modelTiers, sizeChoice, tierRatios } from "@/lib/params/sizes";
import { serverContext } from "@/lib/server/context";
import { authenticate } from "../key-auth";
import { notFound } from "../errors";
import { apiRoute } from "../http";

// OpenAI's model objects carry a creation timestamp; ours is the catalog's, fixed so responses are stable.
const CATALOG_CREATED = 1_763_856_000;

function modelView(model: CatalogModel) {
  const { registry } = serverContext();
  return {
    id: model.id,
    object: "model" as const,
    created: CATALOG_CREATED,
    owned_by: model.creator,
    name: model.name,
    family: model.family,
    description: model.description,
    status: model.lifecycle.state,
    lifecycle: model.lifecycle,
    max_prompt_chars: model.promptMaxChars,
    default_aspect_ratio: model.defaultAspectRatio,
    default_resolution: model.defaultTier,
    sizes: modelTiers(model).flatMap((tier) =>
      tierRatios(model, tier).map((ratio) => {
        const choice = sizeChoice(model, tier, ratio);
        return { resolution: tier, aspect_ratio: ratio, size: choice.nominal, pixels: `${choice.width}x${choice.height}` };
      }),
    ),
    providers: model.providers.map((offer) => ({
      provider: offer.provider,
      key: offer.key,
      provider_model_id: offer.providerModelId,
      configured: registry.providers.has(offer.provider),
      serves_unpinned: registry.servesUnpinned(offer.provider, model),
      simulated: isSimulated(offer.provider),
      resolutions: offer.tiers,
      aspect_ratios: offer.aspectRatios,
      max_images_per_call: offer.maxImagesPerCall,
      price_per_image_usd: offer.price.perImage,
      price_by_quality_usd: offer.price.byQuality ?? null,
      price_source: offer.price.source,
      price_verified: offer.price.verified,
      lifecycle: offer.lifecycle ?? null,
      // POST /v1/images/edits: null when this provider only generates.
      edit: offer.edit ? { max_input_images: offer.edit.maxInputImages, mask: offer.edit.mask, note: offer.edit.note ?? null } : null,
    })),
  };
}

export const listModelsRoute = apiRoute(async (req) => {
  await authenticate(req);
  return Response.json({ object: "list", data: listModels().map(modelView) });
});

export const getModelRoute = apiRoute<{ id: string[] }>(async (req, _ctx, params) => {
  await authenticate(req);
  // Next has decoded each segment already: decoding again breaks on a literal % (/v1/models/%25).
  const address = params.id.join("/");
  const { modelId } = parseModelAddress(address);
  const model = findModel(modelId);
  if (!model) {
    const suggestions = suggestModels(modelId);
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?` : "";
    throw notFound(`The model '${address}' does not exist.${hint}`, "model", "model_not_found", { suggestions });
  }
  const view = modelView(model);
  const wantsSchema = ["1", "true"].includes(new URL(req.url).searchParams.get("schema") ?? "");
  if (!wantsSchema) return Response.json(view);
  return Response.json({ ...view, schema: { parameters: modelParameterSchema(model, model.id) } });
});
