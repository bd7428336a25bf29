import "server-only";
import { withArenaAlias } from "@/lib/arena/alias";
import { GatewayError } from "@/lib/generation/errors";
import { isStopping } from "@/lib/queue/queue";
import { claim, prepare, type GenerateInput as ClaimInput, type Prepared } from "./claim";
import type { EditPlan } from "./edit-plan";
import { enqueueGeneration, type BudgetReservation } from "./async-generation";
import type { UserReservation } from "./user-budgets";
import { executeGeneration } from "./execute";
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
  // Stopping (SIGTERM): no new work that would hold this instance open. Async requests are still taken:
  // their job waits in the queue for another instance.
  if (isStopping()) {
    throw new GatewayError({ kind: "not_configured", message: "This instance is shutting down; send the request again", code: "shutting_down" });
  }
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

/**
 * `Prefer: respond-async`: writes the row, queues its job and answers at once; any instance's worker runs
 * it. Reservations of the key's and the owner's budgets travel with the job and are settled when it ends.
 */
export async function startAsyncGeneration(input: GenerateInput, options: { reservation?: BudgetReservation; userReservation?: UserReservation } = {}): Promise<{ id: string; replayed: boolean }> {
  const prepared = await prepareAliased(input.body);
  input.edit?.restrict(prepared);
  const claimed = input.edit ? { ...input, body: { body: input.body, inputs: input.edit.digest } } : input;
  const { id, fresh } = await claim(claimed, prepared, true);
  if (fresh) {
    // An edit's pictures are linked before its job can run: the job reads them back.
    await input.edit?.record(id);
    await enqueueGeneration(id, options);
  }
  return { id, replayed: !fresh };
}
