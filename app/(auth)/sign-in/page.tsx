import { redirect } from "next/navigation";
import { authMode } from "@/lib/auth/mode";
import { signInAction } from "../actions";
import { AuthForm, Field } from "../auth-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const mode = await authMode();
  if (mode === "setup") redirect("/setup");
  if (mode === "local") redirect("/");
  const { error } = await searchParams;
  return (
    <AuthForm title="Sign in to Darkroom" error={error} action={signInAction} submit="Sign in">
      <Field label="Email" name="email" type="email" autoComplete="username" />
      <Field label="Password" name="password" type="password" autoComplete="current-password" />
    </AuthForm>
  );
}
