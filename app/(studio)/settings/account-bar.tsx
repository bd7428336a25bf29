import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";

/** Accounts mode: who is signed in, their settings, and sign-out. */
export function AccountBar({ name, role }: { name: string; role: string }) {
  return (
    <div className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1 px-4 py-1 text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
      <span>{name} ({role})</span>
      {role === "admin" ? <Link href="/settings/users" className="underline">Users</Link> : null}
      <Link href="/settings/keys" className="underline">API keys</Link>
      <Link href="/settings/account" className="underline">Account</Link>
      <form action={signOutAction}>
        <button type="submit" className="underline">Sign out</button>
      </form>
    </div>
  );
}
