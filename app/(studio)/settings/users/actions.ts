"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { GatewayError } from "@/lib/generation/errors";
import type { ActionError, ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";
import { inviteUser, resetLink, setDisabled, type IssuedLink } from "@/lib/services/accounts-admin";
import { setUserBudget } from "@/lib/services/user-budgets";

const inviteInput = z.object({
  email: z.email("Enter the person's email").max(320),
  name: z.string().trim().min(1, "Enter their name").max(100),
  role: z.enum(["admin", "member"]),
});
const userId = z.string().min(1).max(100);
/** Empty: no limit; otherwise dollars, at most a million a month. */
const budgetInput = z.union([
  z.literal("").transform(() => null),
  z.coerce.number({ error: "Enter the budget in dollars, or leave it empty for no limit" }).finite().min(0, "A budget cannot be negative").max(1_000_000),
]);

export type LinkResult = ActionResult<{ path: string; expiresAt: string; email?: string }>;

const invalid = (message: string, param: string | null): { error: ActionError } => ({ error: { message, param, code: "invalid_input" } });

function failure(error: unknown): { error: ActionError } {
  if (error instanceof GatewayError) return { error: { message: error.message, param: error.param, code: error.code } };
  logger().error({ err: error }, "user management action failed");
  return { error: { message: "Something went wrong on the server; try again", param: null, code: "internal_error" } };
}

/** Admins only, and only with accounts on: in local mode there is nobody to invite into. */
async function admin(): Promise<{ error: ActionError } | undefined> {
  const viewer = await requireAdmin();
  return viewer.kind === "local" ? invalid("Local mode has no accounts: create the admin on /setup first", null) : undefined;
}

const shown = (link: IssuedLink, email?: string) => ({ data: { path: link.path, expiresAt: link.expiresAt.toISOString(), email } });

export async function inviteUserAction(input: unknown): Promise<LinkResult> {
  const refused = await admin();
  if (refused) return refused;
  const parsed = inviteInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error.issues[0]!.message, String(parsed.error.issues[0]!.path[0] ?? ""));
  try {
    const link = await inviteUser(parsed.data);
    revalidatePath("/settings/users");
    return shown(link, parsed.data.email);
  } catch (error) {
    return failure(error);
  }
}

export async function resetLinkAction(id: unknown): Promise<LinkResult> {
  const refused = await admin();
  if (refused) return refused;
  const parsed = userId.safeParse(id);
  if (!parsed.success) return invalid("Unknown user", "userId");
  try {
    return shown(await resetLink(parsed.data));
  } catch (error) {
    return failure(error);
  }
}

export async function setDisabledAction(id: unknown, disabled: unknown): Promise<ActionResult<{ disabled: boolean }>> {
  const refused = await admin();
  if (refused) return refused;
  const parsed = z.tuple([userId, z.boolean()]).safeParse([id, disabled]);
  if (!parsed.success) return invalid("Unknown user", "userId");
  try {
    await setDisabled(parsed.data[0], parsed.data[1], await headers());
    revalidatePath("/settings/users");
    return { data: { disabled: parsed.data[1] } };
  } catch (error) {
    return failure(error);
  }
}

export async function setUserBudgetAction(id: unknown, budget: unknown): Promise<ActionResult<{ monthlyBudgetUsd: number | null }>> {
  const refused = await admin();
  if (refused) return refused;
  const parsedId = userId.safeParse(id);
  if (!parsedId.success) return invalid("Unknown user", "userId");
  const parsed = budgetInput.safeParse(typeof budget === "string" ? budget.trim() : budget);
  if (!parsed.success) return invalid(parsed.error.issues[0]!.message, "monthlyBudgetUsd");
  try {
    await setUserBudget(parsedId.data, parsed.data);
    revalidatePath("/settings/users");
    return { data: { monthlyBudgetUsd: parsed.data } };
  } catch (error) {
    return failure(error);
  }
}
