import "server-only";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { formatBytes } from "@/components/ui/format";
import { serverContext } from "@/lib/server/context";
import { editsOf, generationInputsView } from "@/lib/services/edit-inputs-view";

// The browser fetches inputs from wherever it reached the page, not the server's configured public origin.
const sitePath = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};

/** "Edit this image": the playground's Edit mode with this stored image, named by its id. */
export const editHref = (imageId: string, model: string) => `/?${new URLSearchParams({ mode: "edit", edit: imageId, model })}`;

export function EditThisImage({ imageId, model }: { imageId: string; model: string }) {
  return (
    <Link href={editHref(imageId, model)} className={buttonClass("secondary", "sm")}>
      Edit this image
    </Link>
  );
}

/**
 * An edit's pictures and mask, the generation it came from, and the edits made from this one. Renders
 * nothing for a generation that is neither.
 */
export async function EditLineage({ generationId }: { generationId: string }) {
  const [inputs, edits] = await Promise.all([generationInputsView(generationId, serverContext().publicUrl), editsOf(generationId)]);
  if (inputs.length === 0 && edits.length === 0) return null;
  const parent = inputs.find((input) => input.role === "image" && input.sourceGenerationId)?.sourceGenerationId;
  return (
    <section aria-label="Edit inputs" className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/50">
      <h2 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{inputs.length ? "Edited from" : "Edits"}</h2>
      {parent ? (
        <p className="text-sm">
          An edit of{" "}
          <Link href={`/gallery/${parent}`} className="font-medium text-amber-700 hover:underline dark:text-amber-400">
            generation <code className="text-xs">{parent}</code>
          </Link>
        </p>
      ) : inputs.length ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">An edit of uploaded pictures.</p>
      ) : null}
      {inputs.length ? (
        <ul className="flex flex-wrap gap-3">
          {inputs.map((input) => (
            <li key={input.id}>
              <figure className="flex w-36 flex-col gap-1">
                <a href={sitePath(input.url)} target="_blank" rel="noreferrer">
                  <img
                    src={sitePath(input.url)}
                    alt={input.role === "mask" ? "Mask: its transparent area is what changed" : `Input ${input.position + 1}`}
                    width={input.width}
                    height={input.height}
                    className="aspect-square w-36 rounded-md border border-zinc-200 bg-[repeating-conic-gradient(#e4e4e7_0_25%,#fff_0_50%)] bg-[length:16px_16px] object-contain dark:border-zinc-700"
                  />
                </a>
                <figcaption className="text-xs text-zinc-500 dark:text-zinc-400">
                  {input.role === "mask" ? "Mask" : `Input ${input.position + 1}`} · {input.width}×{input.height} · {formatBytes(input.bytes)}
                </figcaption>
              </figure>
            </li>
          ))}
        </ul>
      ) : null}
      {edits.length ? (
        <div className="flex flex-col gap-1">
          <h3 className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Edits made from these images</h3>
          <ul className="flex flex-wrap gap-2 text-sm">
            {edits.map((e) => (
              <li key={e.id}>
                <Link href={`/gallery/${e.id}`} className="text-amber-700 hover:underline dark:text-amber-400">
                  <code className="text-xs">{e.id}</code>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
