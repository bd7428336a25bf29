import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth/session";
import { managedUsers } from "@/lib/services/accounts-admin";
import { userBudgets } from "@/lib/services/user-budgets";
import { UsersPanel, type UserRowView } from "./users-panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Users" };

/** Admins: invite people by link, disable them, give them a password-reset link. */
export default async function UsersPage() {
  const viewer = await requireAdmin();
  if (viewer.kind === "local") {
    return <p className="p-6 text-sm">Local mode: there are no accounts. Open /setup with the token from the server log to create the admin.</p>;
  }
  const managed = await managedUsers();
  const budgets = await userBudgets(managed.map((u) => u.id));
  const users: UserRowView[] = managed.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role === "admin" ? "admin" : "member",
    state: u.state,
    created: u.createdAt.toISOString().slice(0, 10),
    self: u.id === viewer.userId,
    budgetUsd: budgets.get(u.id)?.monthlyBudgetUsd ?? null,
    spentUsd: budgets.get(u.id)?.spentUsd ?? 0,
  }));
  return (
    <main className="mx-auto flex w-full max-w-4xl flex-col gap-5">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Invite people by link. Members see their own generations, comparisons, votes and usage; admins see everyone&apos;s.
        </p>
      </header>
      <UsersPanel users={users} />
    </main>
  );
}
