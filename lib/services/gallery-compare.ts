import "server-only";
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { generationDetail } from "./gallery";

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 8;

/** One selected generation in the gallery's side-by-side view: its first image and what tells it apart. */
export interface CompareItem {
  id: string;
  prompt: string;
  modelName: string;
  providerName: string | null;
  simulated: boolean;
  seed: number;
  size: string | null;
  costUsd: number;
  latencyMs: number | null;
  /** Null when the generation has no stored image (failed, or metadata only). */
  image: { src: string; width: number; height: number } | null;
}

const GENERATION_ID = /^gen_[0-9a-z]{26}$/;

/** `?ids=gen_…,gen_…` (or repeated `ids`): the ids in order, once each; null unless 2 to 8 valid ones. */
export function parseCompareIds(raw: string | string[] | undefined): string[] | null {
  const ids = [...new Set((Array.isArray(raw) ? raw : [raw ?? ""]).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean))];
  const parsed = z.array(z.string().regex(GENERATION_ID)).min(COMPARE_MIN).max(COMPARE_MAX).safeParse(ids);
  return parsed.success ? parsed.data : null;
}

/** The selected generations the viewer may see, in the order chosen; another member's are left out. */
export async function galleryComparison({ ids, viewer }: { ids: string[]; viewer: Viewer }): Promise<CompareItem[]> {
  const details = await Promise.all(ids.map((id) => generationDetail({ id, viewer })));
  return details.flatMap((g) => {
    if (!g) return [];
    const first = g.notStored ? undefined : g.images[0];
    return [
      {
        id: g.id,
        prompt: g.prompt,
        modelName: g.modelName,
        providerName: g.providerName,
        simulated: g.simulated,
        seed: first?.seed ?? g.seed,
        size: first ? `${first.width}x${first.height}` : g.size,
        costUsd: g.costUsd,
        latencyMs: g.latencyMs,
        image: first ? { src: first.src, width: first.width, height: first.height } : null,
      },
    ];
  });
}
