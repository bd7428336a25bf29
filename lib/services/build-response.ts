import "server-only";
import { SIMULATOR_LABEL } from "@/lib/catalog";
import { completeGeneration } from "@/lib/db/generations";
import { totalCost, type AttemptRecord } from "@/lib/generation/attempt";
import { isSimulated } from "@/lib/generation/simulated";
import type { LedgerEntry } from "@/lib/params/ledger";
import type { NormalizedRequest } from "@/lib/params/normalize";
import type { Warning } from "@/lib/params/warning";
import type { RouteOutcome } from "@/lib/router/route";
import { serverContext } from "@/lib/server/context";
import { attemptView, imageUrl, storedBody, thumbnailUrl, type GenerationResponse } from "./generation-response";
import type { StoredImage } from "./store-images";

interface Gathered {
  started: number;
  warnings: Warning[];
  attempts: AttemptRecord[];
  ledger: LedgerEntry[];
  stored: StoredImage[];
}

const imageView = (publicUrl: string, image: StoredImage) => ({
  index: image.index,
  id: image.id,
  url: imageUrl(publicUrl, image),
  thumbnail_url: thumbnailUrl(publicUrl, image),
  width: image.width,
  height: image.height,
  format: image.format,
  bytes: image.bytes,
  seed: image.seed,
});

/** Records a generation that made images and returns its URL-form body (what replays return too). */
export async function buildResponse(id: string, req: NormalizedRequest, outcome: RouteOutcome, g: Gathered): Promise<GenerationResponse> {
  const ctx = serverContext();
  const { stored, attempts, warnings, ledger } = g;
  const provider = outcome.served!.offer.provider;
  const simulated = isSimulated(provider);
  const costUsd = totalCost(attempts);
  const latencyMs = Date.now() - g.started;
  const status = outcome.failures.length ? "partial" : "succeeded";
  const first = stored[0]!;
  const result: GenerationResponse = {
    created: Math.floor(g.started / 1000),
    data: stored.map((image) => ({ url: imageUrl(ctx.publicUrl, image), ...(image.revisedPrompt ? { revised_prompt: image.revisedPrompt } : {}) })),
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
      images: stored.map((image) => imageView(ctx.publicUrl, image)),
      errors: outcome.failures.map((f) => ({ index: f.index, provider: f.error.provider, kind: f.error.kind, message: f.error.message })),
      cost_usd: costUsd,
      latency_ms: latencyMs,
      warnings,
      ledger,
      attempts: attempts.map(attemptView),
    },
  };
  await completeGeneration({ id, status, provider, simulated, costUsd, latencyMs, warnings: warnings as never, ledger: ledger as never, response: storedBody(result) as never, images: stored });
  return result;
}

/** The b64_json form of a body: the provider's own base64 when it sent one, else the stored bytes. */
export function withBase64(result: GenerationResponse, stored: StoredImage[]): GenerationResponse {
  return {
    ...result,
    data: stored.map((image, i) => ({
      b64_json: image.base64 ?? image.data.toString("base64"),
      ...(result.data[i]!.revised_prompt ? { revised_prompt: result.data[i]!.revised_prompt } : {}),
    })),
  };
}
