import Link from "next/link";
import type { ActionError } from "@/lib/query/action-result";
import { explainError } from "./plain-error";

/** A failed generation, in the results panel where the image would have been. */
export function ErrorPanel({ error }: { error: ActionError }) {
  const plain = explainError(error);
  return (
    <section role="alert" aria-label="Generation failed" className="flex flex-col gap-2 rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
      <h2 className="font-semibold">{plain.title}</h2>
      <ul className="flex flex-col gap-1">
        {plain.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>{plain.advice}</p>
      <p className="flex flex-wrap gap-4 text-xs">
        {plain.link ? (
          <Link href={plain.link.href} className="underline underline-offset-2">
            {plain.link.label}
          </Link>
        ) : null}
        {error.generationId ? (
          <Link href={`/gallery/${error.generationId}`} className="underline underline-offset-2">
            See the failed generation in the gallery
          </Link>
        ) : null}
      </p>
    </section>
  );
}
