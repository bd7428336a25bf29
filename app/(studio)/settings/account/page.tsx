import { changePasswordAction } from "@/app/(auth)/actions";
import { AuthForm, Field } from "@/app/(auth)/auth-form";
import { requireViewer } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ error?: string; changed?: string }> }) {
  const viewer = await requireViewer();
  const { error, changed } = await searchParams;
  if (viewer.kind === "local") return <p className="p-6 text-sm">Local mode: there are no accounts. Open /setup with the token from the server log to create the admin.</p>;
  return (
    <>
      {changed ? <p role="status" className="mx-auto mt-6 max-w-sm text-sm">Password changed.</p> : null}
      <AuthForm title={`Change password for ${viewer.email}`} error={error} action={changePasswordAction} submit="Change password" standalone={false}>
        <Field label="Current password" name="current" type="password" autoComplete="current-password" />
        <Field label="New password" name="next" type="password" autoComplete="new-password" />
      </AuthForm>
    </>
  );
}
