import { buttonClass } from "@/components/ui/button";
import { categoriesOf, type PromptSet } from "@/lib/arena/prompt-set-types";

/** A prompt set with a roster picker: submitting opens the arena on that set and roster. */
export function SetCard({ set, options }: { set: PromptSet; options: { value: string; label: string }[] }) {
  return (
    <article id={set.id} className="flex flex-col gap-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="text-lg font-semibold">
        {set.name} {set.builtIn ? <span className="text-xs font-normal text-zinc-500">built in</span> : null}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {set.prompts.length} prompts · {categoriesOf(set).join(", ")} · <code>{set.id}</code>
      </p>
      <details>
        <summary className="cursor-pointer text-sm">Prompts</summary>
        <ol className="mt-2 list-decimal pl-6 text-sm">
          {set.prompts.map((p) => (
            <li key={p.prompt}>
              <span className="text-zinc-500">{p.category}:</span> {p.prompt}
            </li>
          ))}
        </ol>
      </details>
      <form action="/arena" method="get" className="flex flex-col gap-2">
        <input type="hidden" name="set" value={set.id} />
        <fieldset className="flex max-h-48 flex-col gap-1 overflow-y-auto text-sm">
          <legend className="mb-1 font-medium">Roster (none ticked: every served model)</legend>
          {options.map((o) => (
            <label key={o.value} className="flex items-center gap-2">
              <input type="checkbox" name="roster" value={o.value} /> {o.label}
            </label>
          ))}
        </fieldset>
        <button type="submit" className={`${buttonClass("primary")} w-fit`}>
          Vote through {set.name}
        </button>
      </form>
    </article>
  );
}
