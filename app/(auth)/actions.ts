"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/session";
import { changePassword, createFirstAdmin, signIn, signOut } from "@/lib/services/accounts";

const credentials = z.object({ email: z.email(), password: z.string().min(10).max(200) });
const setup = credentials.extend({ name: z.string().trim().min(1).max(100), token: z.string().min(1).max(200) });

const fields = (form: FormData) => Object.fromEntries(form.entries());
const message = (error: unknown) => (error instanceof Error && error.message ? error.message : "Something went wrong");
const back = (page: string, error: string): never => redirect(`${page}?error=${encodeURIComponent(error)}`);

export async function signInAction(form: FormData): Promise<void> {
  const input = credentials.safeParse(fields(form));
  if (!input.success) back("/sign-in", "Enter an email and a password of at least 10 characters");
  try {
    await signIn(input.data!, await headers());
  } catch {
    back("/sign-in", "Wrong email or password");
  }
  redirect("/");
}

export async function setupAction(form: FormData): Promise<void> {
  const input = setup.safeParse(fields(form));
  if (!input.success) back("/setup", "Fill every field; the password needs at least 10 characters");
  const { token, ...admin } = input.data!;
  try {
    await createFirstAdmin(token, admin, await headers());
  } catch (error) {
    back("/setup", message(error));
  }
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await signOut(await headers());
  redirect("/sign-in");
}

export async function changePasswordAction(form: FormData): Promise<void> {
  await requireViewer();
  const input = z.object({ current: z.string().min(1), next: z.string().min(10).max(200) }).safeParse(fields(form));
  if (!input.success) back("/settings/account", "The new password needs at least 10 characters");
  try {
    await changePassword(input.data!.current, input.data!.next, await headers());
  } catch {
    back("/settings/account", "The current password is wrong");
  }
  redirect("/settings/account?changed=1");
}
