import type { ProviderStatus as Status } from "@/lib/providers/registry";
import { ProviderStatus } from "./provider-status";

// enabledBy lists names only; where they combine in a way a list would hide, say how.
const SETUP_TEXT: Record<string, string> = {
  vertex: "VERTEX_PROJECT and one of GOOGLE_APPLICATION_CREDENTIALS or VERTEX_ACCESS_TOKEN",
};

/** Every provider, whether it is configured here, and the environment variables that turn it on. */
export function ProvidersSetup({ statuses, simulator }: { statuses: Status[]; simulator: "on" | "off" }) {
  return (
    <section id="providers" aria-labelledby="providers-heading" className="flex scroll-mt-20 flex-col gap-3">
      <h2 id="providers-heading" className="text-xl font-semibold">
        Providers
      </h2>
      <p className="max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
        A provider serves once its environment variables are set when the server starts (keys never show here). While none is
        configured, the local simulator answers every model with free, clearly labelled stand-in images
        {simulator === "on" ? " — as it does now" : ""}. Set <code className="font-mono text-xs">DARKROOM_SIMULATOR=off</code> to turn it
        off, or pin it with <code className="font-mono text-xs">local/&lt;model&gt;</code>. The README’s Providers section
        describes each provider’s keys.
      </p>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Provider configuration</caption>
          <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Provider</th>
              <th scope="col" className="px-3 py-2 font-medium">Id</th>
              <th scope="col" className="px-3 py-2 font-medium">Status</th>
              <th scope="col" className="px-3 py-2 font-medium">Enabled by</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {statuses.map((s) => (
              <tr key={s.id}>
                <td className="px-3 py-2 whitespace-nowrap">{s.name}</td>
                <td className="px-3 py-2 font-mono text-xs">{s.id}</td>
                <td className="px-3 py-2">
                  <ProviderStatus configured={s.configured} simulated={s.simulated} />
                </td>
                <td className="px-3 py-2 font-mono text-xs">{SETUP_TEXT[s.id] ?? s.enabledBy.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
