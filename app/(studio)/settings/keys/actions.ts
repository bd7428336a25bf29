"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/session";
import { createUserKey, revokeUserKey } from "@/lib/services/accounts-keys";
import type { ActionResult } from "@/lib/query/action-result";

// An empty form field means "none" (checked first: coercing "" would give 0).
const blank = z.literal("").transform(() => undefined);
const createInput = z.object({
  name: z.string().trim().min(1).max(200),
  expiresAt: z.union([blank, z.iso.date()]).optional(),
  monthlyBudgetUsd: z.union([blank, z.coerce.number().finite().nonnegative()]).optional(),
  rateLimitPerMinute: z.union([blank, z.coerce.number().int().positive().max(1_000_000)]).optional(),
});

export async function createKeyAction(input: unknown): Promise<ActionResult<{ key: string }>> {
  const viewer = await requireViewer();
  const parsed = createInput.safeParse(input);
  if (!parsed.success) return { error: { message: parsed.error.issues[0]!.message, param: String(parsed.error.issues[0]!.path[0] ?? ""), code: "invalid_input" } };
  const { expiresAt, ...rest } = parsed.data;
  const expiry = expiresAt ? new Date(`${expiresAt}T23:59:59Z`) : undefined;
  if (expiry && expiry <= new Date()) return { error: { message: "The expiry must be in the future", param: "expiresAt", code: "invalid_input" } };
  const key = await createUserKey(viewer, { ...rest, expiresAt: expiry });
  revalidatePath("/settings/keys");
  return { data: { key } };
}

export async function revokeKeyAction(id: unknown): Promise<ActionResult<{ revoked: boolean }>> {
  const viewer = await requireViewer();
  const revoked = await revokeUserKey(viewer, z.string().max(100).parse(id));
  revalidatePath("/settings/keys");
  return { data: { revoked } };
}
