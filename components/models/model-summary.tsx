import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { SIMULATOR_PROVIDER, type CatalogModel } from "@/lib/catalog";
import { modelTiers, sizeChoice, tierRatios } from "@/lib/params/sizes";
import { priceSummary } from "./prices";
import { ProviderStatus } from "./provider-status";

/** One catalog entry on /models: status, providers with prices and configured state, sizes. */
export function ModelSummary({ model, names, configured }: { model: CatalogModel; names: Map<string, string>; configured: Set<string> }) {
  return (
    <article aria-labelledby={`model-${model.id}`} className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={`model-${model.id}`} className="flex items-center gap-2 text-lg font-semibold">
            <Link href={`/models/${model.id}`} className="hover:underline">
              {model.name}
            </Link>
            <StatusBadge status={model.lifecycle.state} />
          </h2>
          <p className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{model.id}</p>
        </div>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{model.creator}</span>
      </header>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{model.description}</p>
      {model.lifecycle.state !== "active" && model.lifecycle.note ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">{model.lifecycle.note}</p>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Providers of {model.name}</caption>
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">Provider</th>
              <th scope="col" className="py-1 pr-4 font-medium">Status</th>
              <th scope="col" className="py-1 font-medium">Price per image</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {model.providers.map((offer) => (
              <tr key={offer.provider}>
                <td className="py-1.5 pr-4 whitespace-nowrap">{names.get(offer.provider) ?? offer.provider}</td>
                <td className="py-1.5 pr-4">
                  <ProviderStatus configured={configured.has(offer.provider)} simulated={offer.provider === SIMULATOR_PROVIDER} />
                </td>
                <td className="py-1.5 tabular-nums">{priceSummary(offer)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="flex flex-col gap-1 text-xs">
        {modelTiers(model).map((tier) => (
          <div key={tier} className="flex flex-wrap gap-x-2">
            <dt className="font-medium">Sizes at {tier}</dt>
            <dd className="text-zinc-600 dark:text-zinc-400">
              {tierRatios(model, tier)
                .map((ratio) => {
                  const choice = sizeChoice(model, tier, ratio);
                  return `${ratio} ${choice.width}×${choice.height}`;
                })
                .join(", ")}
            </dd>
          </div>
        ))}
      </dl>
      <Link href={`/models/${model.id}`} className="text-sm font-medium text-amber-700 hover:underline dark:text-amber-400">
        Parameters, prices and code for {model.name} →
      </Link>
    </article>
  );
}
