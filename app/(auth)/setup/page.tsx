import { redirect } from "next/navigation";
import { authMode } from "@/lib/auth/mode";
import { setupAction } from "../actions";
import { AuthForm, Field } from "../auth-form";

export const dynamic = "force-dynamic";

// First run: reachable until the first admin exists, and only useful with the token from the server log.
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if ((await authMode()) === "accounts") redirect("/sign-in");
  const { error } = await searchParams;
  return (
    <AuthForm title="Create the Darkroom admin" error={error} action={setupAction} submit="Create admin">
      <Field label="Setup token (printed in the server log)" name="token" autoComplete="off" />
      <Field label="Name" name="name" autoComplete="name" />
      <Field label="Email" name="email" type="email" autoComplete="username" />
      <Field label="Password" name="password" type="password" autoComplete="new-password" />
    </AuthForm>
  );
}
