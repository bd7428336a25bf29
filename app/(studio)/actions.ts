"use server";
import { ownerOf, requireViewer } from "@/lib/auth/session";
import { z } from "zod";
import type { ActionResult } from "@/lib/query/action-result";
import { budgetedEstimate, budgetedGenerate } from "@/lib/services/budgeted-generate";
import { invalidInput, rejectedRun, runs, startRun, toActionError, type StartedRun } from "./playground-runs";

// The request body itself is validated by the same normalizer the HTTP API uses; here only its shape.
const bodySchema = z.record(z.string(), z.unknown());
const tokenSchema = z.uuid();

/** Dry run: what the request would cost, and on which provider; with max_cost, which providers fit under it. */
export async function estimateGeneration(body: unknown): Promise<ActionResult<Awaited<ReturnType<typeof budgetedEstimate>>>> {
  await requireViewer();
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return invalidInput("The request must be an object");
  try {
    return { data: await budgetedEstimate(parsed.data) };
  } catch (error) {
    return toActionError(error);
  }
}

/**
 * Starts a generation and returns at once with its images as they are stored and a promise of its
 * outcome, both streaming in later. Server actions from one page run one at a time, so returning early
 * is what lets a cancel or an estimate through while the providers work.
 */
export async function startGeneration(body: unknown, runId: string): Promise<StartedRun> {
  const viewer = await requireViewer();
  const parsedBody = bodySchema.safeParse(body);
  const parsedId = tokenSchema.safeParse(runId);
  if (!parsedBody.success || !parsedId.success) return rejectedRun("Invalid generation request");
  // The page shows finished images by URL: base64 would travel through the action for nothing.
  // The API's path (max_cost, key budgets), with the signed-in user as the owner.
  return startRun(parsedId.data, (signal) => budgetedGenerate({ body: { response_format: "url", ...parsedBody.data }, source: "playground", signal, owner: ownerOf(viewer) }));
}

/** Aborts a running generation's provider calls; its record ends as failed. */
export async function cancelGeneration(runId: string): Promise<void> {
  await requireViewer();
  const parsed = tokenSchema.safeParse(runId);
  if (parsed.success) runs.get(parsed.data)?.abort();
}
