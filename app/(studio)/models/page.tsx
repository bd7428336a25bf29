import type { Metadata } from "next";
import { providerNames } from "@/components/playground/catalog-data";
import { ModelSummary } from "@/components/models/model-summary";
import { ProvidersSetup } from "@/components/models/providers-setup";
import { requireViewer } from "@/lib/auth/session";
import { listModels } from "@/lib/catalog";
import { serverContext } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  await requireViewer();
  const { registry } = serverContext();
  const names = providerNames();
  const configured = new Set(registry.providers.keys());
  return (
    <main className="flex flex-col gap-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Models</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The catalog: each model’s status, the providers that serve it with their prices, and its sizes. Pin a provider by
          writing <code className="font-mono text-xs">provider/model</code>.
        </p>
      </header>
      <div className="grid gap-4 lg:grid-cols-2">
        {listModels().map((model) => (
          <ModelSummary key={model.id} model={model} names={names} configured={configured} />
        ))}
      </div>
      <ProvidersSetup statuses={registry.statuses} simulator={registry.simulator} />
    </main>
  );
}
