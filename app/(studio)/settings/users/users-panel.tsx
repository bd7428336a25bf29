"use client";
import { useState, useTransition } from "react";
import { inviteUserAction, resetLinkAction, setDisabledAction, type LinkResult } from "./actions";

export interface UserRowView {
  id: string;
  name: string;
  email: string;
  role: "admin" | "member";
  state: "active" | "invited" | "disabled";
  created: string;
  self: boolean;
}

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const button = "rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
const STATE_LABELS = { active: "Active", invited: "Invited (no password yet)", disabled: "Disabled" } as const;

interface Shown {
  url: string;
  expires: string;
  what: string;
}

/** The invite form, the one-time link it made, and each user's disable / reset buttons. */
export function UsersPanel({ users }: { users: UserRowView[] }) {
  const [shown, setShown] = useState<Shown>();
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const showLink = (result: LinkResult, what: string) => {
    setError(result.error?.message);
    setShown(result.data && { url: new URL(result.data.path, window.location.href).toString(), expires: result.data.expiresAt.slice(0, 16).replace("T", " "), what });
  };
  const invite = (form: FormData) =>
    start(async () => {
      const email = String(form.get("email") ?? "");
      showLink(await inviteUserAction(Object.fromEntries(form.entries())), `Invite link for ${email}`);
    });
  const reset = (u: UserRowView) => start(async () => showLink(await resetLinkAction(u.id), `Password reset link for ${u.email}`));
  const toggle = (u: UserRowView) =>
    start(async () => {
      const result = await setDisabledAction(u.id, u.state !== "disabled");
      setError(result.error?.message);
    });
  return (
    <div className="flex flex-col gap-5">
      <section aria-label="Invite a user" className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/50">
        <h2 className="mb-3 text-sm font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Invite a user</h2>
        <form action={invite} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
          <label className="flex flex-col gap-1 text-sm">Name<input name="name" required autoComplete="off" className={field} /></label>
          <label className="flex flex-col gap-1 text-sm">Email<input name="email" type="email" required autoComplete="off" className={field} /></label>
          <label className="flex flex-col gap-1 text-sm">
            Role
            <select name="role" defaultValue="member" className={field}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
            </select>
          </label>
          <button type="submit" disabled={pending} className="rounded-md bg-amber-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-700 disabled:opacity-50">
            Create invite link
          </button>
        </form>
      </section>
      {error ? <p role="alert" className="rounded-md border border-red-500/40 bg-red-500/10 p-2 text-sm">{error}</p> : null}
      {shown ? (
        <div role="status" className="flex flex-col gap-1 rounded-md border border-amber-500/40 bg-amber-500/10 p-3 text-sm">
          <span className="font-medium">{shown.what}</span>
          <span className="text-zinc-600 dark:text-zinc-400">Send it to them yourself; it works once, until {shown.expires} UTC, and is not shown again.</span>
          <code data-testid="issued-link" className="break-all select-all">{shown.url}</code>
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr><th className="px-3 py-2 font-medium">Name</th><th className="px-3 py-2 font-medium">Email</th><th className="px-3 py-2 font-medium">Role</th><th className="px-3 py-2 font-medium">State</th><th className="px-3 py-2 font-medium">Since</th><th className="px-3 py-2" /></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="px-3 py-2">{u.name}{u.self ? " (you)" : ""}</td>
                <td className="px-3 py-2 break-all">{u.email}</td>
                <td className="px-3 py-2">{u.role}</td>
                <td className="px-3 py-2">{STATE_LABELS[u.state]}</td>
                <td className="px-3 py-2 whitespace-nowrap">{u.created}</td>
                <td className="px-3 py-2">
                  {u.self ? null : (
                    <div className="flex flex-wrap justify-end gap-2">
                      <button type="button" disabled={pending} className={button} onClick={() => reset(u)} aria-label={`Reset password of ${u.email}`}>Reset password</button>
                      <button type="button" disabled={pending} className={button} onClick={() => toggle(u)} aria-label={`${u.state === "disabled" ? "Enable" : "Disable"} ${u.email}`}>
                        {u.state === "disabled" ? "Enable" : "Disable"}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
