import "server-only";
import { SIMULATOR_LABEL } from "@/lib/catalog";
import { completeGeneration } from "@/lib/db/generations";
import { totalCost, type AttemptRecord } from "@/lib/generation/attempt";
import type { Generation } from "@/lib/generation/generation";
import { isSimulated } from "@/lib/generation/simulated";
import type { LedgerEntry } from "@/lib/params/ledger";
import type { NormalizedRequest } from "@/lib/params/normalize";
import type { Warning } from "@/lib/params/warning";
import type { RouteOutcome } from "@/lib/router/route";
import { serverContext } from "@/lib/server/context";
import { storeGeneration } from "./generation-response";
import { storedBase64, type StoredImage } from "./store-images";

interface Gathered {
  started: number;
  warnings: Warning[];
  attempts: AttemptRecord[];
  ledger: LedgerEntry[];
  stored: StoredImage[];
  unwritten?: AttemptRecord[];
}

/** Records a generation that made images and returns it (the base64 of each image when b64_json was asked). */
export async function finishGeneration(id: string, req: NormalizedRequest, outcome: RouteOutcome, g: Gathered): Promise<Generation> {
  const ctx = serverContext();
  const provider = outcome.served!.offer.provider;
  const simulated = isSimulated(provider);
  const generation: Generation = {
    id,
    model: req.model.id,
    provider,
    providerName: simulated ? SIMULATOR_LABEL : (ctx.registry.providers.get(provider)?.name ?? provider),
    simulated,
    status: outcome.failures.length ? "partial" : "succeeded",
    startedAt: g.started,
    images: g.stored.map((image) => ({
      index: image.index,
      id: image.id,
      format: image.format,
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      seed: image.seed,
      ...(image.revisedPrompt ? { revisedPrompt: image.revisedPrompt } : {}),
    })),
    failures: outcome.failures.map((f) => ({ index: f.index, provider: f.error.provider, kind: f.error.kind, message: f.error.message })),
    attempts: g.attempts,
    warnings: g.warnings,
    ledger: g.ledger,
    costUsd: totalCost(g.attempts),
    latencyMs: Date.now() - g.started,
    responseFormat: req.responseFormat,
  };
  const { status, costUsd, latencyMs, warnings, ledger } = generation;
  await completeGeneration({ id, status, provider, simulated, costUsd, latencyMs, warnings: warnings as never, ledger: ledger as never, response: storeGeneration(generation) as never, images: g.stored, attempts: g.unwritten });
  return generation;
}

/** The generation with each image's base64: the provider's own when it sent one, else the stored bytes. */
export const withBase64 = (g: Generation, stored: StoredImage[]): Generation => ({
  ...g,
  images: g.images.map((image, i) => ({ ...image, base64: storedBase64(stored[i]!) })),
});
