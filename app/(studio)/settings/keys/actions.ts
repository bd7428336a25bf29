"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/session";
import { createUserKey, revokeUserKey, setUserKeyRetention } from "@/lib/services/accounts-keys";
import type { ActionResult } from "@/lib/query/action-result";

// An empty form field means "none" (checked first: coercing "" would give 0).
const blank = z.literal("").transform(() => undefined);
const createInput = z.object({
  name: z.string().trim().min(1).max(200),
  expiresAt: z.union([blank, z.iso.date()]).optional(),
  monthlyBudgetUsd: z.union([blank, z.coerce.number().finite().nonnegative()]).optional(),
  rateLimitPerMinute: z.union([blank, z.coerce.number().int().positive().max(1_000_000)]).optional(),
  retention: z.union([blank, z.enum(["keep", "none"]), z.coerce.number().int().min(1).max(36_500).transform(String)]).optional(),
});
// "" is the server's per-source default (stored as null).
const retentionInput = z.union([z.literal("").transform(() => null), z.enum(["keep", "none"]), z.coerce.number().int().min(1).max(36_500).transform(String)]);

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

/** Admins: a key's default payload retention (the key page's per-key select). */
export async function setKeyRetentionAction(id: unknown, retention: unknown): Promise<ActionResult<{ updated: boolean }>> {
  const viewer = await requireViewer();
  const parsed = retentionInput.safeParse(retention);
  if (!parsed.success) return { error: { message: "Retention is keep, none or a number of days", param: "retention", code: "invalid_input" } };
  const updated = await setUserKeyRetention(viewer, z.string().max(100).parse(id), parsed.data);
  revalidatePath("/settings/keys");
  return updated ? { data: { updated } } : { error: { message: "Only an admin can change a key's retention", param: "retention", code: "forbidden" } };
}
