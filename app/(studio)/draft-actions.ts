"use server";
import { requireViewer } from "@/lib/auth/session";
import { z } from "zod";
import type { ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";
import { saveDraft } from "@/lib/services/drafts";

// Values are the form's own (strings, numbers, booleans); the cap is well above the longest prompt any model takes.
const draftSchema = z.record(z.string().max(40), z.union([z.string().max(100_000), z.number(), z.boolean()]));

/** Saves playground settings too long for a URL; the playground then links to `/?draft=<id>`. */
export async function saveDraftAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  await requireViewer();
  const parsed = draftSchema.safeParse(input);
  if (!parsed.success) return { error: { message: "These settings cannot be saved", param: null, code: "invalid_input" } };
  try {
    return { data: { id: await saveDraft(parsed.data) } };
  } catch (error) {
    logger().error({ err: error }, "could not save a playground draft");
    return { error: { message: "The settings could not be saved", param: null, code: "internal_error" } };
  }
}
