import "server-only";
import { Base64Text } from "@/lib/images/base64-text";
import { canAccess, ownerScope, type Viewer } from "@/lib/auth/viewer";
import { findGeneration, listGenerationsPage } from "@/lib/db/generations";
import { GatewayError } from "@/lib/generation/errors";
import { isLegacyFailure, isStoredError, restoreError } from "@/lib/generation/stored-error";
import { serverContext } from "@/lib/server/context";
import type { Generation } from "@/lib/generation/generation";
import { isStoredGeneration, restoreGeneration } from "./generation-response";

type Row = NonNullable<Awaited<ReturnType<typeof findGeneration>>>;

/** A body stored before generations were stored typed: as JSON text (or, older still, as jsonb). */
function recordedBody(stored: unknown): unknown {
  const text = (stored as { text?: unknown }).text;
  return typeof text === "string" ? JSON.parse(text) : stored;
}

/** A finished generation from its row, with each image's base64 from storage when b64_json was asked. */
export async function storedGeneration(row: Row): Promise<Generation> {
  const responseFormat = (row.request as Record<string, unknown>).response_format === "b64_json" ? "b64_json" : "url";
  const base: Generation = isStoredGeneration(row.response)
    ? restoreGeneration(row.response)
    : legacyGeneration(row, recordedBody(row.response));
  if (responseFormat !== "b64_json") return { ...base, responseFormat };
  const { storage } = serverContext();
  const bytes = await Promise.all(row.images.map((image) => storage.read(image.storageKey)));
  return { ...base, responseFormat, images: base.images.map((image, i) => ({ ...image, base64: Base64Text.encode(bytes[i]!) })) };
}

/** Enough of a generation around a recorded body for the API to replay that body. */
function legacyGeneration(row: Row, body: unknown): Generation {
  return {
    id: row.id,
    model: row.model,
    provider: row.provider ?? "",
    providerName: row.provider ?? "",
    simulated: row.simulated,
    status: row.status === "partial" ? "partial" : "succeeded",
    startedAt: row.createdAt.getTime(),
    images: row.images.map((image) => ({ index: image.index, id: image.id, format: image.format, width: image.width, height: image.height, bytes: image.bytes, seed: null })),
    failures: [],
    attempts: [],
    warnings: [],
    ledger: [],
    costUsd: row.costUsd,
    latencyMs: row.latencyMs ?? 0,
    responseFormat: "url",
    recordedBody: body,
  };
}

/** The error a failed or interrupted generation's caller got (or gets on replay). */
export function storedError(row: Row): GatewayError {
  if (isStoredError(row.response)) return restoreError(row.response, row.id);
  if (isLegacyFailure(row.response)) {
    const { message, param, code } = row.response.body.error;
    return new GatewayError({ kind: "providers_failed", message, param, code, generationId: row.id, recordedAnswer: row.response });
  }
  return new GatewayError({ kind: "interrupted", message: row.errorMessage ?? "The generation did not finish", code: row.errorCode ?? "generation_failed", generationId: row.id });
}

/** A generation as GET /v1/generations/{id} reports it: its row, and once done its body or its error. */
export type GenerationView =
  | { id: string; object: "generation"; status: string; created: number; model: string; source: string }
  | { id: string; object: "generation"; status: string; created: number; model: string; source: string; generation: Generation }
  | { id: string; object: "generation"; status: string; created: number; model: string; source: string; error: GatewayError };

/** GET /v1/generations/{id}: status, and when done the same body the synchronous call returned. */
export async function generationView(row: Row): Promise<GenerationView> {
  const head = { id: row.id, object: "generation" as const, status: row.status, created: Math.floor(row.createdAt.getTime() / 1000), model: row.model, source: row.source };
  if (row.status === "pending") return head;
  if (row.status === "succeeded" || row.status === "partial") return { ...head, generation: await storedGeneration(row) };
  return { ...head, error: storedError(row) };
}

/** One generation as GET /v1/generations/{id} reports it, or null when there is none. */
/** `viewer`: another owner's generation is as absent as a deleted one. */
export async function findGenerationView(id: string, viewer?: Viewer): Promise<GenerationView | null> {
  const row = await findGeneration({ id });
  return row && (!viewer || canAccess(viewer, row)) ? generationView(row) : null;
}

/** A page of past generations, newest first, and the cursor of the next page. */
export async function listGenerationViews(page: { limit: number; cursor?: string; viewer?: Viewer }): Promise<{ views: GenerationView[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await listGenerationsPage({ limit: page.limit, cursor: page.cursor, owner: page.viewer ? ownerScope(page.viewer) : {} });
  return { views: await Promise.all(rows.map(generationView)), nextCursor };
}
