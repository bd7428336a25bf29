import type { GenerationDetail } from "@/lib/services/gallery";
import { formatUsd } from "@/components/ui/format";
import type { ComparisonView } from "@/lib/services/compare-types";

const muted = "text-sm text-zinc-600 dark:text-zinc-400";

export function SharedGeneration({ generation: g }: { generation: GenerationDetail }) {
  return (
    <article className="flex flex-col gap-4">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{g.modelName}</h1>
        <p className={muted}>
          {g.providerName ?? "No provider"} · seed {g.seed}
          {g.size ? ` · ${g.size}` : ""} · {g.createdAt.slice(0, 10)}
        </p>
      </header>
      {g.prompt ? <p className="rounded-lg border border-zinc-200 p-3 text-sm whitespace-pre-wrap dark:border-zinc-800">{g.prompt}</p> : <p className={muted}>The prompt is not stored.</p>}
      <div className="grid gap-4 sm:grid-cols-2">
        {g.images.map((image) => (
          // eslint-disable-next-line @next/next/no-img-element -- signed, per-request URLs: nothing for next/image to optimise
          <img key={image.id} src={image.src} width={image.width} height={image.height} alt={`Image ${image.index + 1} of the shared generation`} className="h-auto w-full rounded-lg" />
        ))}
      </div>
      {g.images.length === 0 ? <p className={muted}>{g.errorMessage ?? "This generation has no stored images."}</p> : null}
    </article>
  );
}

export function SharedComparison({ comparison: c }: { comparison: ComparisonView }) {
  return (
    <article className="flex flex-col gap-4">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Comparison</h1>
        <p className={muted}>
          {c.targets.length} targets · seed {c.settings.seed} · {c.settings.aspectRatio}
          {c.maxCost === null ? "" : ` · max cost ${formatUsd(c.maxCost)}`} · {c.createdAt.slice(0, 10)}
        </p>
      </header>
      <p className="rounded-lg border border-zinc-200 p-3 text-sm whitespace-pre-wrap dark:border-zinc-800">{c.settings.prompt}</p>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {c.cells.map((cell) => (
          <figure key={cell.target} className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-2 dark:border-zinc-800">
            {cell.image ? (
              // eslint-disable-next-line @next/next/no-img-element -- signed, per-request URLs
              <img src={cell.image.src} width={cell.image.width} height={cell.image.height} alt={`${cell.target}`} className="h-auto w-full rounded" />
            ) : (
              <div className={`${muted} p-4`}>{cell.error ?? "Not run"}</div>
            )}
            <figcaption className="text-sm">
              <span className="font-medium">{cell.target}</span>
              {cell.providerName ? <span className={muted}> · {cell.providerName}</span> : null}
            </figcaption>
          </figure>
        ))}
      </div>
    </article>
  );
}
