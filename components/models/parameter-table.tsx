import { HandlingBadge } from "@/components/ui/badge";
import type { ParameterSchema } from "@/lib/params/model-schema";

const allowed = (p: ParameterSchema) =>
  p.enum?.join(", ") ?? (p.minimum !== undefined || p.maximum !== undefined ? `${p.minimum ?? "…"} – ${p.maximum ?? "…"}` : "");

/** A model's request parameters with, per provider, how each is handled. */
export function ParameterTable({ parameters, names }: { parameters: ParameterSchema[]; names: Map<string, string> }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Parameters</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Parameter</th>
            <th scope="col" className="px-3 py-2 font-medium">Type</th>
            <th scope="col" className="px-3 py-2 font-medium">Default</th>
            <th scope="col" className="px-3 py-2 font-medium">Values</th>
            <th scope="col" className="px-3 py-2 font-medium">Providers</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 align-top dark:divide-zinc-800">
          {parameters.map((p) => (
            <tr key={p.name}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <code className="font-mono text-xs font-semibold">{p.name}</code>
                {p.required ? <span className="ml-1 text-xs text-red-600 dark:text-red-400">required</span> : null}
                {p.aliases?.length ? <span className="block text-xs text-zinc-500">alias: {p.aliases.join(", ")}</span> : null}
                <p className="mt-1 max-w-xs text-xs text-zinc-600 dark:text-zinc-400">{p.description}</p>
              </th>
              <td className="px-3 py-2 font-mono text-xs">{p.type}</td>
              <td className="px-3 py-2 font-mono text-xs">{p.default === null || p.default === undefined ? "—" : String(p.default)}</td>
              <td className="max-w-56 px-3 py-2 font-mono text-xs break-words">{allowed(p)}</td>
              <td className="px-3 py-2">
                <ul className="flex flex-col gap-1">
                  {Object.entries(p.providers).map(([provider, h]) => (
                    <li key={provider} className="flex flex-wrap items-center gap-1.5 text-xs">
                      <span className="w-28 shrink-0 truncate text-zinc-600 dark:text-zinc-400">{names.get(provider) ?? provider}</span>
                      <HandlingBadge handling={h.handling} />
                      {h.wire ? <code className="font-mono text-[11px] text-zinc-500">{h.wire}</code> : null}
                      {h.note ? <span className="text-zinc-500">{h.note}</span> : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
