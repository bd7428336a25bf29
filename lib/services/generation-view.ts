import "server-only";
import { findGeneration, listGenerationsPage } from "@/lib/db/generations";
import { GatewayError } from "@/lib/generation/errors";
import { isLegacyFailure, isStoredError, restoreError } from "@/lib/generation/stored-error";
import { serverContext } from "@/lib/server/context";
import { readStoredBody, type GenerationResponse } from "./generation-response";

type StoredGeneration = NonNullable<Awaited<ReturnType<typeof findGeneration>>>;

/** The stored URL-form body, with base64 filled in from storage when the request asked for b64_json. */
export async function storedResponse(row: StoredGeneration): Promise<GenerationResponse> {
  const body = readStoredBody(row.response);
  const wantsB64 = (row.request as Record<string, unknown>).response_format === "b64_json";
  if (wantsB64) {
    const { storage } = serverContext();
    const bytes = await Promise.all(row.images.map((image) => storage.read(image.storageKey)));
    body.data = body.data.map((entry, i) => ({
      b64_json: bytes[i]!.toString("base64"),
      ...(entry.revised_prompt ? { revised_prompt: entry.revised_prompt } : {}),
    }));
  }
  return body;
}

/** The error a failed or interrupted generation's caller got (or gets on replay). */
export function storedError(row: StoredGeneration): GatewayError {
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
  | ({ id: string; object: "generation"; status: string; created: number; model: string; source: string } & GenerationResponse)
  | { id: string; object: "generation"; status: string; created: number; model: string; source: string; error: GatewayError };

/** GET /v1/generations/{id}: status, and when done the same body the synchronous call returned. */
export async function generationView(row: StoredGeneration): Promise<GenerationView> {
  const head = { id: row.id, object: "generation" as const, status: row.status, created: Math.floor(row.createdAt.getTime() / 1000), model: row.model, source: row.source };
  if (row.status === "pending") return head;
  if (row.status === "succeeded" || row.status === "partial") return { ...head, ...(await storedResponse(row)) };
  return { ...head, error: storedError(row) };
}

/** One generation as GET /v1/generations/{id} reports it, or null when there is none. */
export async function findGenerationView(id: string): Promise<GenerationView | null> {
  const row = await findGeneration({ id });
  return row ? generationView(row) : null;
}

/** A page of past generations, newest first, and the cursor of the next page. */
export async function listGenerationViews(page: { limit: number; cursor?: string }): Promise<{ views: GenerationView[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await listGenerationsPage(page);
  return { views: await Promise.all(rows.map(generationView)), nextCursor };
}
