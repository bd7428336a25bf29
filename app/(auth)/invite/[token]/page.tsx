import type { Metadata } from "next";
import { acceptLinkAction } from "../../actions";
import { AuthForm, Field } from "../../auth-form";
import { linkAccount } from "@/lib/services/accounts-admin";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

/** An invite or password-reset link: the person it was made for chooses a password and is signed in. */
export default async function InvitePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ error?: string }> }) {
  const { token } = await params;
  const { error } = await searchParams;
  const user = await linkAccount(token);
  if (!user) {
    return (
      <main className="mx-auto mt-24 w-full max-w-sm px-4">
        <h1 className="mb-3 text-xl font-semibold">This link no longer works</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">It was used already or has expired. Ask an admin for a new one.</p>
      </main>
    );
  }
  return (
    <AuthForm title={`Welcome, ${user.name}`} error={error} action={acceptLinkAction} submit="Set password and sign in">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Choose a password for {user.email} (at least 10 characters).</p>
      <input type="hidden" name="token" value={token} />
      <Field label="New password" name="password" type="password" autoComplete="new-password" />
    </AuthForm>
  );
}
