import "server-only";
import type { Generation } from "@/lib/generation/generation";
import type { Base64Text } from "@/lib/images/base64-text";
import type { LedgerEntry } from "@/lib/params/ledger";
import type { Warning } from "@/lib/params/warning";
import { serverContext } from "@/lib/server/context";
import { imageUrl, thumbnailUrl } from "@/lib/services/generation-response";
import { attemptView, type AttemptView } from "./attempt-view";
import { usageJson, type UsageJson } from "./usage-json";

export type { AttemptView };

export interface ImageData {
  url?: string;
  /** Written from its bytes by api/images-json; as JSON (webhooks, stream events), the string. */
  b64_json?: Base64Text;
  revised_prompt?: string;
}

export interface GenerationResponse {
  created: number;
  data: ImageData[];
  size: string;
  output_format: string;
  usage?: UsageJson;
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
    attempts: AttemptView[];
  };
}

const revised = (prompt: string | undefined) => (prompt ? { revised_prompt: prompt } : {});

function dataOf(g: Generation, publicUrl: string): ImageData[] {
  return g.responseFormat === "b64_json"
    ? g.images.map((image) => ({ b64_json: image.base64!, ...revised(image.revisedPrompt) }))
    : g.images.map((image) => ({ url: imageUrl(publicUrl, image), ...revised(image.revisedPrompt) }));
}

/** A body recorded before generations were stored typed, with base64 filled in when it was asked for. */
function recorded(g: Generation): GenerationResponse {
  const body = structuredClone(g.recordedBody) as GenerationResponse;
  if (g.responseFormat === "b64_json") {
    body.data = body.data.map((entry, i) => ({ b64_json: g.images[i]!.base64!, ...revised(entry.revised_prompt) }));
  }
  return body;
}

function usageField(g: Generation): { usage?: UsageJson } {
  const usage = usageJson(g.attempts);
  return usage ? { usage } : {};
}

/** The Images API body: the one place a generation becomes snake_case JSON. */
export function imagesBody(g: Generation): GenerationResponse {
  if (g.recordedBody) return recorded(g);
  const { publicUrl } = serverContext();
  const first = g.images[0]!;
  return {
    created: Math.floor(g.startedAt / 1000),
    data: dataOf(g, publicUrl),
    size: `${first.width}x${first.height}`,
    output_format: first.format,
    ...usageField(g),
    darkroom: {
      id: g.id,
      model: g.model,
      provider: g.provider,
      provider_name: g.providerName,
      simulated: g.simulated,
      status: g.status,
      seeds: g.images.map((image) => image.seed),
      images: g.images.map((image) => ({
        index: image.index,
        id: image.id,
        url: imageUrl(publicUrl, image),
        thumbnail_url: thumbnailUrl(publicUrl, image),
        width: image.width,
        height: image.height,
        format: image.format,
        bytes: image.bytes,
        seed: image.seed,
      })),
      errors: g.failures,
      cost_usd: g.costUsd,
      latency_ms: g.latencyMs,
      warnings: g.warnings,
      ledger: g.ledger,
      attempts: g.attempts.map(attemptView),
    },
  };
}

/** The x-darkroom-* headers of a generation's answer. */
export function darkroomHeaders(g: Generation): Record<string, string> {
  const { darkroom } = imagesBody({ ...g, responseFormat: "url" });
  return {
    "x-darkroom-provider": darkroom.provider,
    "x-darkroom-provider-name": darkroom.provider_name,
    "x-darkroom-simulated": String(darkroom.simulated),
    "x-darkroom-model": darkroom.model,
    "x-darkroom-generation-id": darkroom.id,
    "x-darkroom-cost-usd": String(darkroom.cost_usd),
  };
}
