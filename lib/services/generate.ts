import "server-only";
import { SIMULATOR_LABEL, SIMULATOR_PROVIDER } from "@/lib/catalog";
import { completeGeneration, createPendingGeneration } from "@/lib/db/generations";
import { newId } from "@/lib/ids";
import { EXTENSIONS } from "@/lib/images/sniff";
import { buildLedger, type LedgerEntry } from "@/lib/params/ledger";
import { normalizeRequest, type NormalizedRequest } from "@/lib/params/normalize";
import type { Warning } from "@/lib/params/warning";
import type { AttemptRecord } from "@/lib/router/attempt";
import { chooseCandidates } from "@/lib/router/candidates";
import { routeGeneration } from "@/lib/router/route";
import { serverContext } from "@/lib/server/context";
import { generationFailedError } from "./generation-error";
import { storeImage, type StoredImage } from "./store-images";
import { ApiError } from "@/lib/api/errors";

export type GenerationSource = "api" | "playground" | "compare" | "arena";

export interface GenerateInput {
  body: unknown;
  source: GenerationSource;
  signal?: AbortSignal;
  comparisonId?: string;
}

export interface ImageData {
  url?: string;
  b64_json?: string;
  revised_prompt?: string;
}

export interface GenerationResponse {
  created: number;
  data: ImageData[];
  size: string;
  output_format: string;
  darkroom: {
    id: string;
    model: string;
    provider: string;
    provider_name: string;
    simulated: boolean;
    status: "succeeded" | "partial";
    seeds: (number | null)[];
    images: { index: number; id: string; url: string; thumbnail_url: string; width: number; height: number; format: string; bytes: number; seed: number | null }[];
    errors: { index: number; provider: string; kind: string; message: string }[];
    cost_usd: number;
    latency_ms: number;
    warnings: Warning[];
    ledger: LedgerEntry[];
    attempts: { provider: string; status: string; error_kind: string | null; error: string | null; latency_ms: number; cost_usd: number; images: number }[];
  };
}

export interface GenerationResult {
  body: GenerationResponse;
  provider: string;
  model: string;
}

export const imageUrl = (publicUrl: string, image: { id: string; format: string }) =>
  `${publicUrl}/images/${image.id}.${EXTENSIONS[image.format as keyof typeof EXTENSIONS] ?? image.format}`;
export const thumbnailUrl = (publicUrl: string, image: { id: string }) => `${publicUrl}/images/thumbs/${image.id}.webp`;

const attemptView = (a: AttemptRecord) => ({
  provider: a.provider,
  status: a.status,
  error_kind: a.errorKind ?? null,
  error: a.errorMessage ?? null,
  latency_ms: a.latencyMs,
  cost_usd: a.costUsd,
  images: a.images,
});

const normalizedSummary = (req: NormalizedRequest) => ({
  model: req.model.id,
  pinned_provider: req.pinnedProvider ?? null,
  prompt: req.prompt,
  negative_prompt: req.negativePrompt ?? null,
  seed: req.seed,
  seed_drawn: req.seedDrawn,
  n: req.n,
  aspect_ratio: req.size.aspectRatio,
  resolution: req.size.tier,
  size: req.size.nominal,
  width: req.size.width,
  height: req.size.height,
  response_format: req.responseFormat,
  output_format: req.outputFormat ?? null,
  output_compression: req.outputCompression ?? null,
  quality: req.quality ?? null,
  style: req.style ?? null,
  thinking: req.thinking ?? null,
  enhance_prompt: req.enhancePrompt ?? null,
  provider_order: req.providerOrder ?? null,
  extra: req.extra,
});

/**
 * The single generation path of every surface: normalize → route → post-process → persist → respond.
 * The Generation row exists before the first provider call and always ends succeeded, partial or failed.
 */
export async function generate(input: GenerateInput): Promise<GenerationResult> {
  const ctx = serverContext();
  const req = normalizeRequest(input.body, { defaultModel: ctx.defaultModel });
  const candidates = chooseCandidates(req, ctx.registry);
  const started = Date.now();
  const id = newId("gen");
  await createPendingGeneration({
    id,
    source: input.source,
    model: req.model.id,
    prompt: req.prompt,
    negativePrompt: req.negativePrompt,
    seed: req.seed,
    n: req.n,
    request: req.requested as never,
    normalized: normalizedSummary(req) as never,
    ledger: [],
    comparisonId: input.comparisonId,
  });

  const warnings: Warning[] = [...req.warnings];
  let attempts: AttemptRecord[] = [];
  let stored: StoredImage[] = [];
  let ledger: LedgerEntry[] = [];
  try {
    const outcome = await routeGeneration(req, candidates, ctx.registry, { timeoutMs: ctx.providerTimeoutMs, signal: input.signal });
    attempts = outcome.attempts;
    warnings.push(...outcome.warnings);
    if (outcome.served) {
      ledger = buildLedger(req, outcome.served.offer, outcome.served.sent, outcome.warnings.some((w) => w.type === "emulated" && w.param === "n"));
    }
    stored = await Promise.all(
      outcome.images.map((image) => storeImage(image, { format: req.outputFormat, compression: req.outputCompression }, ctx.storage, warnings)),
    );
    if (stored.length === 0) throw generationFailedError(outcome.failures.map((f) => f.error), attempts);

    const provider = outcome.served!.offer.provider;
    const simulated = provider === SIMULATOR_PROVIDER;
    const costUsd = Math.round(attempts.reduce((sum, a) => sum + a.costUsd, 0) * 1e6) / 1e6;
    const latencyMs = Date.now() - started;
    const status = outcome.failures.length ? "partial" : "succeeded";
    await completeGeneration({ id, status, provider, simulated, costUsd, latencyMs, warnings: warnings as never, ledger: ledger as never, images: stored, attempts });

    const first = stored[0]!;
    const body: GenerationResponse = {
      created: Math.floor(started / 1000),
      data: stored.map((image) => ({
        ...(req.responseFormat === "b64_json" ? { b64_json: image.data.toString("base64") } : { url: imageUrl(ctx.publicUrl, image) }),
        ...(image.revisedPrompt ? { revised_prompt: image.revisedPrompt } : {}),
      })),
      size: `${first.width}x${first.height}`,
      output_format: first.format,
      darkroom: {
        id,
        model: req.model.id,
        provider,
        provider_name: simulated ? SIMULATOR_LABEL : (ctx.registry.providers.get(provider)?.name ?? provider),
        simulated,
        status,
        seeds: stored.map((image) => image.seed),
        images: stored.map((image) => ({
          index: image.index,
          id: image.id,
          url: imageUrl(ctx.publicUrl, image),
          thumbnail_url: thumbnailUrl(ctx.publicUrl, image),
          width: image.width,
          height: image.height,
          format: image.format,
          bytes: image.bytes,
          seed: image.seed,
        })),
        errors: outcome.failures.map((f) => ({ index: f.index, provider: f.error.provider, kind: f.error.kind, message: f.error.message })),
        cost_usd: costUsd,
        latency_ms: latencyMs,
        warnings,
        ledger,
        attempts: attempts.map(attemptView),
      },
    };
    return { body, provider, model: req.model.id };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : undefined;
    await completeGeneration({
      id,
      status: "failed",
      simulated: false,
      costUsd: attempts.reduce((sum, a) => sum + a.costUsd, 0),
      latencyMs: Date.now() - started,
      warnings: warnings as never,
      ledger: ledger as never,
      errorCode: apiError?.code ?? (input.signal?.aborted ? "cancelled" : "internal_error"),
      errorMessage: error instanceof Error ? error.message : String(error),
      images: stored,
      attempts,
    });
    if (apiError) {
      apiError.extra.generation_id = id;
      apiError.extra.attempts = attempts.map(attemptView);
    }
    throw error;
  }
}
