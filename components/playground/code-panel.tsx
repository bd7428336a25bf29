import { CodeTabs } from "@/components/ui/code-tabs";
import { requestSamples } from "./request-code";

/** The form's current request as code, updated as the form changes. */
export function CodePanel({ apiBase, body }: { apiBase: string; body: Record<string, unknown> }) {
  return (
    <section aria-labelledby="code-heading" className="flex flex-col gap-2">
      <h2 id="code-heading" className="text-sm font-semibold">
        Code
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">The same request through the OpenAI-compatible API.</p>
      <CodeTabs samples={requestSamples(apiBase, body)} label="Request code" />
    </section>
  );
}
