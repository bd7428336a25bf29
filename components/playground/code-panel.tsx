import { CodeTabs } from "@/components/ui/code-tabs";
import { editSamples, type EditShape } from "./edit-code";
import { requestSamples } from "./request-code";

/** The form's current request as code, updated as the form changes; in Edit mode, the multipart edit. */
export function CodePanel({ apiBase, body, edit }: { apiBase: string; body: Record<string, unknown>; edit?: EditShape }) {
  return (
    <section aria-labelledby="code-heading" className="flex flex-col gap-2">
      <h2 id="code-heading" className="text-sm font-semibold">
        Code
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">The same request through the OpenAI-compatible API.</p>
      <CodeTabs samples={edit ? editSamples(apiBase, body, edit) : requestSamples(apiBase, body)} label="Request code" />
    </section>
  );
}
