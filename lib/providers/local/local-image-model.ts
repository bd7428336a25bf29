import { setTimeout as sleep } from "node:timers/promises";
import type { ProviderOffer } from "@/lib/catalog/schema";
import { requestedPartials } from "@/lib/providers/shared/partial-sink";
import { seedAt } from "@/lib/providers/shared/seed";
import { ProviderError } from "../errors";
import type { CallContext, CallOptions, GenerateResult, ImageModel } from "../types";
import { renderSimulatedImage } from "./render";
import { simulatedDrafts } from "./drafts";
import { renderSimulatedEdit } from "./render-edit";

export interface SimulatorSettings {
  latencyMs: number;
  failureRate: (modelId: string) => number;
  random: () => number;
}

/** The built-in simulator: deterministic abstract images at the model's native sizes, for free. */
export class LocalImageModel implements ImageModel {
  readonly provider = "local";
  /** Blurred drafts of each image (drafts.ts), for generations and edits alike. */
  readonly streamsPartials = true;
  readonly modelId: string;
  readonly maxImagesPerCall: number;

  constructor(
    offer: ProviderOffer,
    private readonly settings: SimulatorSettings,
  ) {
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
  }

  /** A streamed call with partial_images gets drafts of each image before it, as OpenAI's would. */
  private async sendDrafts(options: CallOptions, final: Uint8Array): Promise<void> {
    // An edit carries its request; a generation's is in async context (partial-sink).
    const partials = options.edit ? options.edit.partials : requestedPartials();
    if (!partials) return;
    const drafts = await simulatedDrafts(final, partials.count);
    drafts.forEach((draft, index) => partials.onPartial({ b64Json: draft.toString("base64"), index, size: `${options.width}x${options.height}`, outputFormat: "png" }));
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs, undefined, { signal });
    signal.throwIfAborted();
    if (this.settings.random() < this.settings.failureRate(this.modelId)) {
      throw new ProviderError({
        provider: this.provider,
        kind: "unavailable",
        statusCode: 503,
        message: "Simulated failure (DARKROOM_SIMULATOR_FAILURE_RATE)",
      });
    }
    const seed = options.seed ?? 0;
    const images = await Promise.all(
      Array.from({ length: options.n }, async (_, i) => {
        const imageSeed = seedAt(seed, i);
        const size = { seed: imageSeed, width: options.width, height: options.height };
        const bytes = options.edit
          ? await renderSimulatedEdit({ edit: options.edit, prompt: options.prompt, ...size })
          : await renderSimulatedImage({ modelId: this.modelId, prompt: options.prompt, negativePrompt: options.negativePrompt, ...size });
        await this.sendDrafts(options, bytes);
        return { bytes, mediaType: "image/png", seed: imageSeed };
      }),
    );
    return {
      images,
      warnings: [],
      sent: {
        prompt: options.prompt,
        negative_prompt: options.negativePrompt,
        seed,
        n: options.n,
        size: `${options.width}x${options.height}`,
      },
      response: { status: 200 },
      providerMetadata: { simulated: true },
    };
  }
}
