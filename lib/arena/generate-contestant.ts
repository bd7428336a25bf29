import "server-only";
import { budgetedGenerate } from "@/lib/services/budgeted-generate";

/** The one place the arena calls the generation service: a signature change there touches only this file. */
export interface ContestantImage {
  generationId: string;
  imageId: string;
  model: string;
  provider: string;
  providerName: string;
  simulated: boolean;
  latencyMs: number;
  costUsd: number;
}

export type ContestantResult = { ok: true; image: ContestantImage } | { ok: false; message: string; generationId: string | null };

export interface ContestantRequest {
  contestant: string;
  prompt: string;
  seed: number;
  aspectRatio: string;
  resolution: string;
  signal?: AbortSignal;
  owner?: { userId?: string; apiKeyId?: string };
}

/** One image for one contestant, as an ordinary generation with source `arena` (gallery, usage and all). */
export async function generateContestant(req: ContestantRequest): Promise<ContestantResult> {
  const body = { model: req.contestant, prompt: req.prompt, seed: req.seed, n: 1, aspect_ratio: req.aspectRatio, resolution: req.resolution, response_format: "url" };
  try {
    const { generation: result } = await budgetedGenerate({ body, source: "arena", signal: req.signal, owner: req.owner });
    const image = result.images[0];
    if (!image) return { ok: false, message: "The generation returned no image", generationId: result.id };
    return {
      ok: true,
      image: {
        generationId: result.id,
        imageId: image.id,
        model: result.model,
        provider: result.provider,
        providerName: result.providerName,
        simulated: result.simulated,
        latencyMs: result.latencyMs,
        costUsd: result.costUsd,
      },
    };
  } catch (error) {
    const failure = failureOf(error);
    if (!failure) throw error;
    return { ok: false, ...failure };
  }
}

const GATEWAY_ERROR = Symbol.for("darkroom.GatewayError");

/** A failure meant for the caller: the service's typed GatewayError (recognised by its brand, as lib/generation/errors.ts does). Anything else is a bug and propagates. */
function failureOf(error: unknown): { message: string; generationId: string | null } | null {
  if (error instanceof Error && (error as { [GATEWAY_ERROR]?: boolean })[GATEWAY_ERROR] === true) {
    const generationId = (error as { generationId?: unknown }).generationId;
    return { message: error.message, generationId: typeof generationId === "string" ? generationId : null };
  }
  return null;
}
