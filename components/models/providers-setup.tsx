import type { ProviderStatus as Status } from "@/lib/providers/registry";
import { declaredServerHelp, OWN_SERVER_EXAMPLE, SETUP_HELP, type SetupHelp } from "./provider-setup-help";
import { ProviderStatus } from "./provider-status";

const CODE = "rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs break-all dark:bg-zinc-800";
const LINK = "font-medium text-amber-700 underline underline-offset-2 dark:text-amber-400";

function Help({ help }: { help: SetupHelp }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      <dt className="text-zinc-500 dark:text-zinc-400">Set</dt>
      <dd>
        <code className={CODE}>{help.required}</code>
      </dd>
      {help.optional?.length ? (
        <>
          <dt className="text-zinc-500 dark:text-zinc-400">Optional</dt>
          <dd className="flex flex-wrap gap-1">
            {help.optional.map((name) => (
              <code key={name} className={CODE}>
                {name}
              </code>
            ))}
          </dd>
        </>
      ) : null}
      {help.keyFrom ? (
        <>
          <dt className="text-zinc-500 dark:text-zinc-400">Key</dt>
          <dd>
            <a href={help.keyFrom.href} target="_blank" rel="noreferrer" className={LINK}>
              {help.keyFrom.label}
            </a>
          </dd>
        </>
      ) : null}
      {help.note ? <dd className="col-span-2 text-zinc-600 dark:text-zinc-400">{help.note}</dd> : null}
    </dl>
  );
}

/** Every provider, whether it is configured here, and how to turn it on: variables and where the key comes from. */
export function ProvidersSetup({ statuses, simulator }: { statuses: Status[]; simulator: "on" | "off" }) {
  return (
    <section id="providers" aria-labelledby="providers-heading" className="flex scroll-mt-20 flex-col gap-3">
      <h2 id="providers-heading" className="text-xl font-semibold">
        Providers
      </h2>
      <p className="max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
        A provider serves once its environment variables are set when the server starts: put them in the server’s environment
        (or <code className="font-mono text-xs">.env</code>) and restart. Keys never show here. While none is configured, the local
        simulator answers every model with free, clearly labelled stand-in images{simulator === "on" ? " — as it does now" : ""}.
      </p>
      <ul className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {statuses.map((s) => (
          <li
            key={s.id}
            id={`provider-${s.id}`}
            aria-label={s.name}
            className="flex min-w-0 scroll-mt-20 flex-col gap-2 rounded-lg border border-zinc-200 p-4 target:border-amber-500 target:ring-2 target:ring-amber-500/40 dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-medium">
                {s.name} <code className="font-mono text-xs text-zinc-500">{s.id}</code>
              </h3>
              <ProviderStatus configured={s.configured} simulated={s.simulated} />
            </div>
            <Help help={SETUP_HELP[s.id] ?? declaredServerHelp(s.enabledBy)} />
          </li>
        ))}
        <li id="provider-own-server" aria-label="Your own GPU server" className="flex min-w-0 scroll-mt-20 flex-col gap-2 rounded-lg border border-zinc-200 p-4 target:border-amber-500 dark:border-zinc-800">
          <h3 className="font-medium">Your own GPU server (OpenAI-compatible)</h3>
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            LocalAI, a vLLM-style gateway or another Darkroom: declare it in <code className={CODE}>darkroom.providers.json</code> (or the
            file <code className={CODE}>DARKROOM_PROVIDERS_FILE</code> names), with <code className={CODE}>apiKeyEnv</code> naming the
            variable that holds its key, if it needs one. It serves the catalog models you list.
          </p>
          <pre className="overflow-x-auto rounded-md bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-900">{OWN_SERVER_EXAMPLE}</pre>
        </li>
      </ul>
    </section>
  );
}
