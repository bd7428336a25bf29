"use client";
import { useState, useTransition } from "react";
import { BudgetForm } from "./budget-form";
import { inviteUserAction, resetLinkAction, setDisabledAction, type LinkResult } from "./actions";

export interface UserRowView {
  id: string;
  name: string;
  email: string;
  role: "admin" | "member";
  state: "active" | "invited" | "disabled";
  created: string;
  self: boolean;
  budgetUsd: number | null;
  spentUsd: number;
}

const field = "h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
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
          <button type="submit" disabled={pending} className="h-9 rounded-md bg-amber-600 px-3 text-sm font-medium text-white hover:bg-amber-700 disabled:opacity-50">
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
      <table className="hidden w-full rounded-lg border border-zinc-200 text-left text-sm sm:table dark:border-zinc-800">
        <thead className="text-xs text-zinc-500 dark:text-zinc-400">
          <tr><th className="px-3 py-2 font-medium">Name</th><th className="px-3 py-2 font-medium">Email</th><th className="px-3 py-2 font-medium">Role</th><th className="px-3 py-2 font-medium">State</th><th className="px-3 py-2 font-medium">Since</th><th className="px-3 py-2 font-medium">Monthly budget</th><th className="px-3 py-2" /></tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="px-3 py-2">{u.name}{u.self ? " (you)" : ""}</td>
              <td className="px-3 py-2">{u.email}</td>
              <td className="px-3 py-2">{u.role}</td>
              <td className="px-3 py-2">{STATE_LABELS[u.state]}</td>
              <td className="px-3 py-2 whitespace-nowrap">{u.created}</td>
              <td className="px-3 py-2"><BudgetForm userId={u.id} email={u.email} budgetUsd={u.budgetUsd} spentUsd={u.spentUsd} /></td>
              <td className="px-3 py-2"><UserButtons user={u} pending={pending} reset={reset} toggle={toggle} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul aria-label="Users" className="flex flex-col gap-3 sm:hidden">
        {users.map((u) => (
          <li key={u.id} className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <div className="flex items-baseline justify-between gap-2">
              <span className="font-medium">{u.name}{u.self ? " (you)" : ""}</span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{u.role}</span>
            </div>
            <span className="break-all text-zinc-600 dark:text-zinc-400">{u.email}</span>
            <span>{STATE_LABELS[u.state]} · since {u.created}</span>
            <BudgetForm userId={u.id} email={u.email} budgetUsd={u.budgetUsd} spentUsd={u.spentUsd} />
            <UserButtons user={u} pending={pending} reset={reset} toggle={toggle} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function UserButtons({ user: u, pending, reset, toggle }: { user: UserRowView; pending: boolean; reset: (u: UserRowView) => void; toggle: (u: UserRowView) => void }) {
  if (u.self) return null;
  return (
    <div className="flex flex-wrap gap-2 sm:justify-end">
      <button type="button" disabled={pending} className={button} onClick={() => reset(u)} aria-label={`Reset password of ${u.email}`}>Reset password</button>
      <button type="button" disabled={pending} className={button} onClick={() => toggle(u)} aria-label={`${u.state === "disabled" ? "Enable" : "Disable"} ${u.email}`}>
        {u.state === "disabled" ? "Enable" : "Disable"}
      </button>
    </div>
  );
}
