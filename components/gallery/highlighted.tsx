import { highlightParts } from "./search-highlight";

/** Text with the words a gallery search matched marked, so a result shows why it was found. */
export function Highlighted({ text, search }: { text: string; search: string | undefined }) {
  return (
    <>
      {highlightParts(text, search).map((part, i) =>
        part.match ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-zinc-950 dark:bg-amber-400/80">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
