"use server";
import { requireViewer } from "@/lib/auth/session";
import { z } from "zod";
import { GatewayError } from "@/lib/generation/errors";
import { TIERS } from "@/lib/catalog/schema";
import { MAX_SEED } from "@/lib/params/request-schema";
import type { ActionError, ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";
import {
  createComparison,
  estimateComparison,
  MAX_TARGETS,
  MIN_TARGETS,
  rerunComparison,
  runTarget,
  type CompareCell,
  type ComparisonEstimate,
  type Rerun,
} from "@/lib/services/compare";

const settingsSchema = z.object({
  prompt: z.string().max(32_000, "The prompt is too long"),
  negativePrompt: z.string().max(32_000, "The negative prompt is too long"),
  seed: z.number().int().min(0).max(MAX_SEED, `The seed must be between 0 and ${MAX_SEED}`).nullable(),
  aspectRatio: z.string().regex(/^\d{1,3}:\d{1,3}$/, "The aspect ratio must look like 16:9"),
  resolution: z.enum(TIERS),
});

const targetsSchema = z
  .array(z.string().min(1).max(200))
  .min(MIN_TARGETS, `Pick at least ${MIN_TARGETS} targets`)
  .max(MAX_TARGETS, `Pick at most ${MAX_TARGETS} targets`)
  .refine((targets) => new Set(targets).size === targets.length, "Each target can be picked only once");

const maxCostSchema = z.number().nonnegative("The max cost must be a positive number of USD").finite().nullable().default(null);
const comparisonSchema = z.object({
  settings: settingsSchema.extend({ prompt: settingsSchema.shape.prompt.trim().min(1, "Write a prompt to compare") }),
  targets: targetsSchema,
  maxCost: maxCostSchema,
});
const estimateSchema = z.object({ settings: settingsSchema, targets: z.array(z.string().min(1).max(200)).max(MAX_TARGETS), maxCost: maxCostSchema });
const idSchema = z.string().regex(/^cmp_[0-9a-z]{26}$/);

const invalidInput = (message: string, param: string | null = null): { error: ActionError } => ({ error: { message, param, code: "invalid_input" } });

function fromZod(error: z.ZodError): { error: ActionError } {
  const issue = error.issues[0]!;
  return invalidInput(issue.message, issue.path.join("."));
}

function toActionError(error: unknown): { error: ActionError } {
  if (error instanceof GatewayError) return { error: { message: error.message, param: error.param, code: error.code } };
  logger().error({ err: error }, "compare action failed");
  return { error: { message: "Internal server error", param: null, code: "internal_error" } };
}

/** The estimated cost of each target and their total, before anything runs. */
export async function estimateComparisonAction(input: unknown): Promise<ActionResult<ComparisonEstimate>> {
  await requireViewer();
  const parsed = estimateSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  try {
    return { data: estimateComparison(parsed.data.settings, parsed.data.targets, parsed.data.maxCost) };
  } catch (error) {
    return toActionError(error);
  }
}

/** Saves a new comparison with its max cost; its targets are then run one action call each, from the browser. */
export async function createComparisonAction(input: unknown): Promise<ActionResult<{ id: string; seed: number }>> {
  const viewer = await requireViewer();
  const parsed = comparisonSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  try {
    return { data: await createComparison(parsed.data.settings, parsed.data.targets, viewer, parsed.data.maxCost) };
  } catch (error) {
    return toActionError(error);
  }
}

export async function rerunComparisonAction(id: unknown): Promise<ActionResult<Rerun>> {
  const viewer = await requireViewer();
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) return invalidInput("Unknown comparison");
  try {
    return { data: await rerunComparison({ id: parsed.data, viewer }) };
  } catch (error) {
    return toActionError(error);
  }
}

/**
 * Starts one target (under the comparison's saved max cost) and returns at once with a promise of its cell,
 * which streams in later: server actions from one page run one at a time, so returning early is what lets
 * every target run in parallel.
 */
export async function startTargetAction(comparisonId: unknown, target: unknown): Promise<{ outcome: Promise<ActionResult<CompareCell>> }> {
  const viewer = await requireViewer();
  const id = idSchema.safeParse(comparisonId);
  const parsedTarget = z.string().min(1).max(200).safeParse(target);
  if (!id.success || !parsedTarget.success) return { outcome: Promise.resolve(invalidInput("Invalid comparison target")) };
  const outcome = runTarget({ comparisonId: id.data, target: parsedTarget.data, viewer })
    .then((cell): ActionResult<CompareCell> => ({ data: cell }))
    .catch(toActionError);
  return { outcome };
}
