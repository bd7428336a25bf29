"use server";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/session";
import { GatewayError } from "@/lib/generation/errors";
import type { ActionResult } from "@/lib/query/action-result";
import { setShared } from "@/lib/services/accounts-share";

const targetSchema = z.union([
  z.object({ generationId: z.string().regex(/^gen_[0-9a-z]{26}$/) }).strict(),
  z.object({ comparisonId: z.string().regex(/^cmp_[0-9a-z]{26}$/) }).strict(),
]);

/** The share toggle: on gives the public link's path, off withdraws it at once. */
export async function setSharedAction(target: unknown, shared: unknown): Promise<ActionResult<{ path: string | null }>> {
  const viewer = await requireViewer();
  const parsedTarget = targetSchema.safeParse(target);
  const parsedShared = z.boolean().safeParse(shared);
  if (!parsedTarget.success || !parsedShared.success) return { error: { message: "Invalid share request", param: null, code: "invalid_input" } };
  try {
    return { data: { path: await setShared(viewer, parsedTarget.data, parsedShared.data) } };
  } catch (error) {
    if (error instanceof GatewayError) return { error: { message: error.message, param: error.param, code: error.code } };
    throw error;
  }
}
