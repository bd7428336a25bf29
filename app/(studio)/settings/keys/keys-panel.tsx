"use client";
import { useState, useTransition } from "react";
import { createKeyAction, revokeKeyAction } from "./actions";

export interface KeyRowView {
  id: string;
  name: string;
  prefix: string;
  created: string;
  lastUsed: string;
  expires: string;
  spend: string;
  rpm: string;
  revoked: boolean;
}

const input = "rounded border border-neutral-700 bg-transparent px-2 py-1 text-sm";

/** Create a key (shown once), list keys with their spend this month, revoke. */
export function KeysPanel({ keys }: { keys: KeyRowView[] }) {
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const create = (form: FormData) =>
    start(async () => {
      const result = await createKeyAction(Object.fromEntries(form.entries()));
      setError(result.error?.message);
      setCreated(result.data?.key);
    });
  return (
    <>
      <form action={create} className="mb-4 flex flex-wrap items-end gap-2" aria-label="Create API key">
        <label className="flex flex-col text-xs">Name<input name="name" required className={input} /></label>
        <label className="flex flex-col text-xs">Expires (optional)<input name="expiresAt" type="date" className={input} /></label>
        <label className="flex flex-col text-xs">Monthly budget USD<input name="monthlyBudgetUsd" inputMode="decimal" className={input} /></label>
        <label className="flex flex-col text-xs">Requests per minute<input name="rateLimitPerMinute" inputMode="numeric" className={input} /></label>
        <button type="submit" disabled={pending} className="rounded bg-neutral-100 px-3 py-1.5 text-sm text-neutral-900">Create key</button>
      </form>
      {error ? <p role="alert" className="mb-3 text-sm text-red-400">{error}</p> : null}
      {created ? (
        <p role="status" className="mb-4 rounded border border-amber-500/40 p-2 text-sm">
          Copy this key now; it is not shown again: <code data-testid="new-key">{created}</code>
        </p>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead><tr><th>Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th>Expires</th><th>Spend this month</th><th>RPM</th><th /></tr></thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td><td><code>{k.prefix}</code></td><td>{k.created}</td><td>{k.lastUsed}</td><td>{k.expires}</td><td>{k.spend}</td><td>{k.rpm}</td>
              <td>{k.revoked ? "Revoked" : <button type="button" className="underline" onClick={() => start(async () => void (await revokeKeyAction(k.id)))}>Revoke {k.name}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
