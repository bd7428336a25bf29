import "server-only";
import { listModels, TIERS } from "@/lib/catalog";
import { isSimulated } from "@/lib/generation/simulated";
import { SIMULATOR_LABEL, SIMULATOR_PROVIDER } from "@/lib/catalog";
import { MAX_SEED } from "@/lib/params/request-schema";
import { modelTiers, ratioValue, tierRatios } from "@/lib/params/sizes";
import { serverContext } from "@/lib/server/context";
import { MAX_TARGETS, MIN_TARGETS, type CompareCatalog, type CompareSettings, type TargetOption } from "./compare-types";
import { imageUrl, thumbnailUrl } from "./generation-response";

// Site-relative image addresses: the browser fetches them from wherever it reached the page.
export const imageSrc = (image: { id: string; format: string }) => imageUrl("", image);
export const thumbnailSrc = (imageId: string) => thumbnailUrl("", { id: imageId });

/** Display names of providers by id, from the registry (the simulator under its own label). */
export function nameOfProvider(): (id: string) => string {
  const names = new Map(serverContext().registry.statuses.map((s) => [s.id, s.name]));
  names.set(SIMULATOR_PROVIDER, SIMULATOR_LABEL);
  return (id) => names.get(id) ?? id;
}


function targetOptions(): TargetOption[] {
  const { registry } = serverContext();
  const providerName = nameOfProvider();
  return listModels().flatMap((model) => {
    const realConfigured = model.providers.some((o) => !isSimulated(o.provider) && registry.providers.has(o.provider));
    const routed: TargetOption = {
      value: model.id,
      label: model.name,
      modelId: model.id,
      modelName: model.name,
      providerName: null,
      status: model.lifecycle.state,
      configured: model.providers.some((o) => registry.servesUnpinned(o.provider, model)),
      simulated: !realConfigured && registry.providers.has(SIMULATOR_PROVIDER),
    };
    const pinned = model.providers.map(
      (offer): TargetOption => ({
        value: offer.key,
        label: `${model.name} on ${providerName(offer.provider)}`,
        modelId: model.id,
        modelName: model.name,
        providerName: providerName(offer.provider),
        status: model.lifecycle.state,
        configured: registry.providers.has(offer.provider),
        simulated: isSimulated(offer.provider),
      }),
    );
    return [routed, ...pinned];
  });
}

export function compareCatalog(): CompareCatalog {
  const models = listModels();
  const ratios = [...new Set(models.flatMap((m) => modelTiers(m).flatMap((t) => tierRatios(m, t))))];
  const tiers = new Set(models.flatMap(modelTiers));
  return {
    targets: targetOptions(),
    // Square first, then from the widest landscape to the tallest portrait.
    aspectRatios: ratios.sort((a, b) => (a === "1:1" ? -1 : b === "1:1" ? 1 : ratioValue(b) - ratioValue(a))),
    resolutions: TIERS.filter((t) => tiers.has(t)),
    maxSeed: MAX_SEED,
    minTargets: MIN_TARGETS,
    maxTargets: MAX_TARGETS,
  };
}

export const labels = () => new Map(targetOptions().map((t) => [t.value, t.label]));

/** The default model and the first other active model something serves: a prompt and one click compare. */
function defaultTargets(): string[] {
  const { registry, defaultModel } = serverContext();
  const second = listModels().find(
    (m) => m.id !== defaultModel && m.lifecycle.state === "active" && m.providers.some((o) => registry.servesUnpinned(o.provider, m)),
  );
  return [defaultModel, ...(second ? [second.id] : [])];
}

const DEFAULT_SETTINGS: CompareSettings = { prompt: "", negativePrompt: "", seed: null, aspectRatio: "1:1", resolution: "1K" };

/** Settings and targets from the page's query (`?prompt=…&seed=…`, as the gallery links), defaults for the rest. */
export function initialForm(catalog: CompareCatalog, get: (key: string) => string | undefined): { settings: CompareSettings; targets: string[] } {
  const seed = Number(get("seed"));
  const known = new Set(catalog.targets.map((t) => t.value));
  const asked = [...new Set((get("targets") ?? "").split(",").map((t) => t.trim()).filter((t) => known.has(t)))].slice(0, MAX_TARGETS);
  const ratio = get("aspect_ratio");
  const resolution = get("resolution");
  return {
    settings: {
      prompt: get("prompt") ?? DEFAULT_SETTINGS.prompt,
      negativePrompt: get("negative_prompt") ?? DEFAULT_SETTINGS.negativePrompt,
      seed: get("seed") && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED ? seed : null,
      aspectRatio: ratio && catalog.aspectRatios.includes(ratio) ? ratio : DEFAULT_SETTINGS.aspectRatio,
      resolution: resolution && catalog.resolutions.includes(resolution) ? resolution : DEFAULT_SETTINGS.resolution,
    },
    targets: asked.length >= MIN_TARGETS ? asked : defaultTargets(),
  };
}

/** The same OpenAI-style body the HTTP API takes, so a comparison cell is exactly what the API would return. */
export function bodyFor(settings: CompareSettings, target: string, prompt = settings.prompt): Record<string, unknown> {
  return {
    model: target,
    prompt,
    ...(settings.negativePrompt ? { negative_prompt: settings.negativePrompt } : {}),
    ...(settings.seed === null ? {} : { seed: settings.seed }),
    aspect_ratio: settings.aspectRatio,
    resolution: settings.resolution,
    response_format: "url",
  };
}

