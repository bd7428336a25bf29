import type { ProviderOffer, PublicParam, Tier } from "@/lib/catalog/schema";
import type { OutputFormat } from "@/lib/params/request-schema";
import type { Warning } from "@/lib/params/warning";

/** One input picture of an edit, already sniffed, measured and capped by the gateway. */
export interface EditImage {
  bytes: Uint8Array;
  mediaType: "image/png" | "image/jpeg" | "image/webp";
  width: number;
  height: number;
}

/** A draft of an image a provider streamed before the final one (OpenAI's partial_images). */
export interface PartialImage {
  b64Json: string;
  index: number;
  size?: string;
  quality?: string;
  background?: string;
  outputFormat?: string;
}

/** What an edit adds to a call: the pictures to change (the first is the main one) and an optional mask of it. */
export interface EditInputs {
  images: EditImage[];
  /** PNG, the first image's size; fully transparent pixels mark where it may change. */
  mask: EditImage | undefined;
  /** OpenAI's input_fidelity (high | low): how closely to keep the inputs' features. */
  inputFidelity: "high" | "low" | undefined;
  /** A streamed edit's partial_images (1–3): providers that stream drafts hand them here; others ignore it. */
  partials?: { count: number; onPartial(image: PartialImage): void };
}

/**
 * What one provider call is asked to make, already normalized by the gateway (modelled on the Vercel AI
 * SDK's image model spec). Every field is `X | undefined` so each adapter decides, field by field, whether
 * it uses, converts or warns about it.
 */
export interface CallOptions {
  prompt: string;
  negativePrompt: string | undefined;
  /** Images wanted from this call; never more than the adapter's maxImagesPerCall. */
  n: number;
  /** Seed of this call's first image; image i of the call has seed + i where the provider seeds per image. */
  seed: number | undefined;
  /** Whether the caller chose the seed (warn when it cannot be honoured) or the gateway drew it. */
  seedExplicit: boolean;
  aspectRatio: string;
  tier: Tier;
  /** The model's native pixel size for this ratio and tier. */
  width: number;
  height: number;
  /** What the caller wants delivered; an adapter asks for it natively when it can, the gateway converts otherwise. */
  outputFormat: OutputFormat | undefined;
  outputCompression: number | undefined;
  quality: string | undefined;
  style: string | undefined;
  thinking: string | undefined;
  enhancePrompt: boolean | undefined;
  user: string | undefined;
  /** Parameters the gateway does not know, passed through as the caller wrote them. */
  extra: Record<string, unknown>;
  /** Set for an edit: only offers whose catalog entry can edit (offer.edit) are ever called with it. */
  edit?: EditInputs;
}

export interface GeneratedImage {
  /** A provider's canonical base64 of these bytes is kept for reuse (providers/shared/base64 providerBase64). */
  bytes: Uint8Array;
  /** The media type the provider declared; the gateway sniffs the bytes anyway. */
  mediaType: string;
  seed?: number;
  revisedPrompt?: string;
}

export interface ProviderUsage {
  inputTokens?: number;
  inputImageTokens?: number;
  outputTokens?: number;
}

export interface GenerateResult {
  images: GeneratedImage[];
  warnings: Warning[];
  /** For the ledger: each public parameter as it went over the wire (e.g. size → {aspectRatio, sampleImageSize}). */
  sent: Partial<Record<PublicParam, unknown>>;
  usage?: ProviderUsage;
  response: { status: number; requestId?: string; headers?: Record<string, string> };
  providerMetadata?: Record<string, unknown>;
}

export interface CallContext {
  signal: AbortSignal;
}

/** The one contract every provider adapter implements; the router sees nothing provider-specific. */
export interface ImageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly maxImagesPerCall: number;
  /**
   * Streams drafts when partial_images is asked: true for generations (lib/providers/shared/partial-sink) and
   * edits (EditInputs.partials), "edits" for edits only; the others' calls carry a warning.
   */
  readonly streamsPartials?: boolean | "edits";
  doGenerate(options: CallOptions, context: CallContext): Promise<GenerateResult>;
}

/** A configured upstream: it turns catalog offers into callable models. */
export interface Provider {
  readonly id: string;
  readonly name: string;
  readonly simulated: boolean;
  /** Where it sends requests (shown in /v1/providers; never a secret). */
  readonly baseUrl?: string;
  imageModel(offer: ProviderOffer): ImageModel;
}
