import "server-only";
import { GatewayError } from "@/lib/generation/errors";
import { withArenaAlias } from "@/lib/arena/alias";
import { claim, prepare, type GenerateInput as ClaimInput, type Prepared } from "./claim";
import type { EditPlan } from "./edit-plan";
import { executeGeneration, failGeneration } from "./execute";
import type { Generation } from "@/lib/generation/generation";
import { track } from "./running";
import { waitForGeneration } from "./wait";

export type { GenerationSource } from "./claim";

/** A generation request; an edit also carries its inputs (lib/services/edit). */
export interface GenerateInput extends ClaimInput {
  edit?: EditPlan;
}
export { imageUrl, thumbnailUrl } from "./generation-response";

export interface GenerationResult {
  generation: Generation;
  /** True when an Idempotency-Key replayed an earlier generation instead of making a new one. */
  replayed: boolean;
}

/** `arena:<board>` stands for that board's current leader (lib/arena); the warning says which and why. */
async function prepareAliased(body: unknown): Promise<Prepared> {
  const alias = await withArenaAlias(body);
  const prepared = prepare(alias.body);
  if (alias.warning) {
    prepared.req.warnings.push(alias.warning);
    prepared.req.modelAlias = { requested: (body as { model: string }).model, note: alias.warning.message };
  }
  return prepared;
}

/** The synchronous generation path of every surface: normalize → route → post-process → persist → respond. */
export async function generate(input: GenerateInput): Promise<GenerationResult> {
  const prepared = await prepareAliased(input.body);
  input.edit?.restrict(prepared);
  // An Idempotency-Key replays an edit only for the same body and the same input pictures.
  const claimed = input.edit ? { ...input, body: { body: input.body, inputs: input.edit.digest } } : input;
  const { id, fresh } = await claim(claimed, prepared, false);
  if (!fresh) return { generation: await waitForGeneration(id), replayed: true };
  await input.edit?.record(id);
  const work = executeGeneration(id, prepared, input.signal);
  track(id, work);
  return { generation: await work, replayed: false };
}

/** `Prefer: respond-async`: writes the row, answers at once, and generates in the background. */
export async function startAsyncGeneration(input: GenerateInput): Promise<{ id: string; replayed: boolean }> {
  const prepared = await prepareAliased(input.body);
  const { id, fresh } = await claim(input, prepared, true);
  if (fresh) runInBackground(id, prepared);
  return { id, replayed: !fresh };
}

/** Resumes an async generation a stop left pending, with its original body and seed. */
export function resumeGeneration(row: { id: string; request: unknown; seed: bigint }): void {
  try {
    runInBackground(row.id, prepare(row.request, Number(row.seed)));
  } catch (error) {
    const failure = error instanceof GatewayError ? error : new GatewayError({ kind: "internal", message: "The generation could not be resumed", code: "resume_failed", cause: error });
    void failGeneration(row.id, failure, { started: Date.now(), warnings: [], ledger: [], attempts: [], stored: [] });
  }
}

// No caller is holding a connection open, so a background job waits out a provider's cooldown (within
// its deadline) instead of failing at once.
function runInBackground(id: string, prepared: Prepared): void {
  track(id, executeGeneration(id, prepared, undefined, { waitOutCooldown: true }).catch(() => undefined));
}
