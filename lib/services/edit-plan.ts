import type { Prepared } from "./claim";

/**
 * An edit's validated, stored inputs (lib/services/edit): it narrows the providers to those that can edit
 * them and links them to the generation once its row exists. `digest` covers the inputs for Idempotency-Key.
 */
export interface EditPlan {
  digest: string;
  restrict(prepared: Prepared): void;
  record(generationId: string): Promise<void>;
}
