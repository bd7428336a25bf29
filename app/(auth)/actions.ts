"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/session";
import { clearSignIn, clientAddress, consumeSignIn } from "@/lib/auth/sign-in-limit";
import { changePassword, createFirstAdmin, signIn, signOut } from "@/lib/services/accounts";
import { acceptLink } from "@/lib/services/accounts-admin";

const credentials = z.object({ email: z.email(), password: z.string().min(10).max(200) });
const setup = credentials.extend({ name: z.string().trim().min(1).max(100), token: z.string().min(1).max(200) });

const fields = (form: FormData) => Object.fromEntries(form.entries());
const message = (error: unknown) => (error instanceof Error && error.message ? error.message : "Something went wrong");
const back = (page: string, error: string): never => redirect(`${page}?error=${encodeURIComponent(error)}`);

export async function signInAction(form: FormData): Promise<void> {
  const input = credentials.safeParse(fields(form));
  if (!input.success) back("/sign-in", "Enter an email and a password of at least 10 characters");
  const requestHeaders = await headers();
  const address = clientAddress(requestHeaders);
  const wait = await consumeSignIn(input.data!.email, address);
  if (wait) back("/sign-in", `Too many sign-in attempts; try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}`);
  try {
    await signIn(input.data!, requestHeaders);
  } catch {
    back("/sign-in", "Wrong email or password");
  }
  await clearSignIn(input.data!.email, address);
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

/** An invite or reset link: sets the password (the token works once), then signs in with it. */
export async function acceptLinkAction(form: FormData): Promise<void> {
  const input = z.object({ token: z.string().min(1).max(200), password: z.string().min(10).max(200) }).safeParse(fields(form));
  const token = typeof form.get("token") === "string" ? String(form.get("token")) : "";
  const page = `/invite/${encodeURIComponent(token)}`;
  if (!input.success) back(page, "The password needs at least 10 characters");
  let email = "";
  try {
    email = (await acceptLink(input.data!.token, input.data!.password)).email;
  } catch (error) {
    back(page, message(error));
  }
  try {
    await signIn({ email, password: input.data!.password }, await headers());
  } catch {
    back("/sign-in", "Your password is set; sign in with it");
  }
  redirect("/");
}
