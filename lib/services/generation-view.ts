import "server-only";
import { ApiError, type ApiErrorBody } from "@/lib/api/errors";
import { findGeneration } from "@/lib/db/generations";
import { serverContext } from "@/lib/server/context";
import type { GenerationResponse } from "./generate";

type StoredGeneration = NonNullable<Awaited<ReturnType<typeof findGeneration>>>;

/** What a failed generation stored: the HTTP status and OpenAI-shaped body its caller got. */
export interface StoredFailure {
  status: number;
  body: ApiErrorBody;
  headers?: Record<string, string>;
}

const isFailure = (value: unknown): value is StoredFailure =>
  typeof value === "object" && value !== null && "status" in value && "body" in value;

/** The stored URL-form body, with base64 filled in from storage when the request asked for b64_json. */
export async function storedResponse(row: StoredGeneration): Promise<GenerationResponse> {
  const body = structuredClone(row.response) as unknown as GenerationResponse;
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
export function storedError(row: StoredGeneration): ApiError {
  if (isFailure(row.response)) {
    const { message, type, param, code, ...extra } = row.response.body.error;
    return new ApiError(row.response.status, message, type, param, code, extra, row.response.headers);
  }
  return new ApiError(502, row.errorMessage ?? "The generation did not finish", "upstream_error", null, row.errorCode ?? "generation_failed", { generation_id: row.id });
}

/** GET /v1/generations/{id}: status, and when done the same body the synchronous call returned. */
export async function generationView(row: StoredGeneration) {
  const head = { id: row.id, object: "generation" as const, status: row.status, created: Math.floor(row.createdAt.getTime() / 1000), model: row.model, source: row.source };
  if (row.status === "pending") return head;
  if (row.status === "succeeded" || row.status === "partial") return { ...head, ...(await storedResponse(row)) };
  return { ...head, error: storedError(row).toBody().error };
}
