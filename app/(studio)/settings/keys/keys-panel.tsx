"use client";
import { useState, useTransition } from "react";
import { createKeyAction, revokeKeyAction, setKeyRetentionAction } from "./actions";

export interface KeyRowView {
  id: string;
  name: string;
  prefix: string;
  created: string;
  lastUsed: string;
  expires: string;
  spend: string;
  rpm: string;
  /** "" (the server's per-source default), "keep", "none" or a number of days. */
  retention: string;
  revoked: boolean;
}

const RETENTION = [
  { value: "", label: "Server default" },
  { value: "keep", label: "Keep" },
  { value: "none", label: "Not stored" },
  ...[1, 7, 30, 90, 365].map((d) => ({ value: String(d), label: `${d} day${d === 1 ? "" : "s"}` })),
];
const retentionLabel = (value: string) => RETENTION.find((r) => r.value === value)?.label ?? `${value} days`;

/** The payload retention options, plus a key's own value when it is a day count the list does not offer. */
function RetentionOptions({ current }: { current?: string }) {
  const extra = current && !RETENTION.some((r) => r.value === current) ? [{ value: current, label: retentionLabel(current) }] : [];
  return [...RETENTION, ...extra].map((r) => <option key={r.value} value={r.value}>{r.label}</option>);
}

const input = "rounded border border-neutral-700 bg-transparent px-2 py-1 text-sm";

/** Create a key (shown once), list keys with their spend this month, revoke. */
export function KeysPanel({ keys, canSetRetention }: { keys: KeyRowView[]; canSetRetention: boolean }) {
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
        {canSetRetention ? (
          <label className="flex flex-col text-xs">Retention<select name="retention" className={input}><RetentionOptions /></select></label>
        ) : null}
        <button type="submit" disabled={pending} className="rounded bg-neutral-100 px-3 py-1.5 text-sm text-neutral-900">Create key</button>
      </form>
      {error ? <p role="alert" className="mb-3 text-sm text-red-400">{error}</p> : null}
      {created ? (
        <p role="status" className="mb-4 rounded border border-amber-500/40 p-2 text-sm">
          Copy this key now; it is not shown again: <code data-testid="new-key">{created}</code>
        </p>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead><tr><th>Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th>Expires</th><th>Spend this month</th><th>RPM</th><th>Retention</th><th /></tr></thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td><td><code>{k.prefix}</code></td><td>{k.created}</td><td>{k.lastUsed}</td><td>{k.expires}</td><td>{k.spend}</td><td>{k.rpm}</td>
              <td>
                {canSetRetention && !k.revoked ? (
                  <select
                    aria-label={`Retention of ${k.name}`}
                    defaultValue={k.retention}
                    className={input}
                    onChange={(e) => start(async () => setError((await setKeyRetentionAction(k.id, e.target.value)).error?.message))}
                  >
                    <RetentionOptions current={k.retention} />
                  </select>
                ) : (
                  retentionLabel(k.retention)
                )}
              </td>
              <td>{k.revoked ? "Revoked" : <button type="button" className="underline" onClick={() => start(async () => void (await revokeKeyAction(k.id)))}>Revoke {k.name}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
