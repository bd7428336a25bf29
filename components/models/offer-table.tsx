import { Badge } from "@/components/ui/badge";
import { SIMULATOR_PROVIDER, type CatalogModel } from "@/lib/catalog";
import { priceSummary } from "./prices";
import { ProviderStatus } from "./provider-status";

/** Who serves a model: the address that pins each provider, its own model id, limits and prices with their source. */
export function OfferTable({ model, names, configured }: { model: CatalogModel; names: Map<string, string>; configured: Set<string> }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Providers</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Provider</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">Pin with</th>
            <th scope="col" className="px-3 py-2 font-medium">Provider’s model id</th>
            <th scope="col" className="px-3 py-2 font-medium">Sizes</th>
            <th scope="col" className="px-3 py-2 font-medium">Per call</th>
            <th scope="col" className="px-3 py-2 font-medium">Price per image</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 align-top dark:divide-zinc-800">
          {model.providers.map((offer) => (
            <tr key={offer.provider}>
              <td className="px-3 py-2 whitespace-nowrap">{names.get(offer.provider) ?? offer.provider}</td>
              <td className="px-3 py-2">
                <ProviderStatus configured={configured.has(offer.provider)} simulated={offer.provider === SIMULATOR_PROVIDER} />
              </td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{offer.key}</td>
              <td className="px-3 py-2 font-mono text-xs">{offer.providerModelId}</td>
              <td className="px-3 py-2 text-xs">
                {offer.tiers.join(", ")} · {offer.aspectRatios.join(", ")}
              </td>
              <td className="px-3 py-2 text-xs tabular-nums">{offer.maxImagesPerCall}</td>
              <td className="px-3 py-2 text-xs">
                <span className="tabular-nums">{priceSummary(offer)}</span>
                <span className="mt-1 flex flex-wrap items-center gap-1 text-zinc-500">
                  {offer.price.verified ? <Badge tone="green">verified</Badge> : <Badge tone="amber">unverified</Badge>}
                  {offer.price.source}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
