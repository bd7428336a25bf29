"use server";
import { requireViewer } from "@/lib/auth/session";
import { z } from "zod";
import { GatewayError } from "@/lib/generation/errors";
import { createBattle, voteBattle, type BattleView, type Reveal } from "@/lib/arena/battles";
import type { ActionError, ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";

const battleInput = z.object({
  prompt: z.string().max(32_000).optional(),
  setId: z.string().min(1).max(100).optional(),
  roster: z.array(z.string().min(1).max(200)).max(100).optional(),
});
const voteInput = z.object({ id: z.string().regex(/^bat_[0-9a-z]{26}$/), winner: z.enum(["left", "right", "tie", "both_bad"]) });

function toActionError(error: unknown): { error: ActionError } {
  if (error instanceof GatewayError) return { error: { message: error.message, param: error.param, code: error.code } };
  logger().error({ err: error }, "arena action failed");
  return { error: { message: "Internal server error", param: null, code: "internal_error" } };
}

const invalid = (error: z.ZodError): { error: ActionError } => ({ error: { message: error.issues[0]!.message, param: error.issues[0]!.path.join("."), code: "invalid_input" } });

export async function newBattleAction(input: unknown): Promise<ActionResult<BattleView>> {
  const viewer = await requireViewer();
  const parsed = battleInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    return { data: await createBattle({ ...parsed.data, roster: parsed.data.roster?.length ? parsed.data.roster : undefined, viewer }) };
  } catch (error) {
    return toActionError(error);
  }
}

export async function voteAction(input: unknown): Promise<ActionResult<Reveal>> {
  const viewer = await requireViewer();
  const parsed = voteInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    return { data: await voteBattle({ ...parsed.data, viewer }) };
  } catch (error) {
    return toActionError(error);
  }
}
