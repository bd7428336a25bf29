import { requireViewer } from "@/lib/auth/session";
import { listUserKeys } from "@/lib/services/accounts-keys";
import { KeysPanel, type KeyRowView } from "./keys-panel";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

export default async function KeysPage() {
  const viewer = await requireViewer();
  const keys: KeyRowView[] = (await listUserKeys(viewer)).map((k) => ({
    id: k.id,
    name: k.name,
    prefix: `dk_${k.prefix}`,
    created: day(k.createdAt),
    lastUsed: day(k.lastUsedAt),
    expires: day(k.expiresAt),
    spend: `$${k.spendThisMonthUsd.toFixed(2)}${k.monthlyBudgetUsd === null ? "" : ` / $${k.monthlyBudgetUsd.toFixed(2)}`}`,
    rpm: k.rateLimitPerMinute === null ? "—" : String(k.rateLimitPerMinute),
    retention: k.retention ?? "",
    revoked: k.revokedAt !== null,
  }));
  return (
    <main className="mx-auto w-full max-w-4xl p-6">
      <h1 className="mb-4 text-xl font-semibold">API keys</h1>
      <KeysPanel keys={keys} canSetRetention={viewer.kind === "local" || viewer.role === "admin"} />
    </main>
  );
}
