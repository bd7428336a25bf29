import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/session";
import type { ReactNode } from "react";
import { DetailActions } from "@/components/gallery/detail-actions";
import { EditLineage, EditThisImage } from "@/components/gallery/edit-lineage";
import { ImageDownloads } from "@/components/gallery/image-downloads";
import { displayStatus, formatDateTime, SOURCE_LABELS, STATUS_EXPLANATIONS, STATUS_LABELS, STATUS_TONES } from "@/components/gallery/labels";
import { Badge, HandlingBadge, SimulatedBadge } from "@/components/ui/badge";
import { formatBytes, formatMs, formatUsd } from "@/components/ui/format";
import { EXTENSIONS } from "@/lib/images/sniff";
import { generationDetail, type GenerationDetail } from "@/lib/services/gallery";
import { sharePath } from "@/lib/services/accounts-share";
import { ShareToggle } from "@/app/share/share-toggle";
import { placeholderStyle } from "@/components/gallery/placeholder-style";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const g = await generationDetail({ id, viewer: await requireViewer() });
  if (!g) return { title: "Not found" };
  const prompt = g.prompt.length > 70 ? `${g.prompt.slice(0, 69).trimEnd()}…` : g.prompt;
  return { title: prompt || "Untitled generation" };
}

const show = (value: unknown): string =>
  value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);

function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section aria-label={title} className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/50">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

function Facts({ g }: { g: GenerationDetail }) {
  const facts: [string, ReactNode][] = [
    ["Model", <span key="m">{g.modelName} <code className="text-xs text-zinc-500">{g.model}</code></span>],
    ["Provider", g.providerName ? <span key="p" className="inline-flex items-center gap-1.5">{g.providerName}{g.simulated ? <SimulatedBadge /> : null}</span> : "—"],
    ["Seed", <code key="s">{g.seed}</code>],
    ["Size", g.size ?? "—"],
    ["Images", `${g.images.length} of ${g.n}`],
    ["Source", SOURCE_LABELS[g.source] ?? g.source],
    ["Created", <time key="c" dateTime={g.createdAt}>{formatDateTime(g.createdAt)}</time>],
    ["Completed", g.completedAt ? <time key="d" dateTime={g.completedAt}>{formatDateTime(g.completedAt)}</time> : "—"],
    ["Latency", g.latencyMs === null ? "—" : formatMs(g.latencyMs)],
    ["Cost", formatUsd(g.costUsd)],
    ["Generation id", <code key="i" className="text-xs break-all">{g.id}</code>],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const cell = "border-t border-zinc-200 px-2 py-1.5 align-top dark:border-zinc-800";
const head = "px-2 py-1.5 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";

export default async function GenerationPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requireViewer();
  const g = await generationDetail({ id, viewer });
  if (!g) notFound();
  const shared = await sharePath(viewer, { generationId: g.id });
  const status = displayStatus(g.status, g.errorCode);
  const failed = status === "failed" || status === "interrupted";
  const revised = g.images.filter((image) => image.revisedPrompt);

  return (
    <main className="flex flex-col gap-5">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/gallery" className="text-zinc-600 hover:underline dark:text-zinc-400">
          ← Gallery
        </Link>
      </nav>

      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <h1 className="text-2xl font-semibold tracking-tight">{g.modelName}</h1>
          <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>
            {g.simulated ? <SimulatedBadge /> : null}
            <time dateTime={g.createdAt}>{formatDateTime(g.createdAt)}</time>
            <span>· {SOURCE_LABELS[g.source] ?? g.source}</span>
          </p>
        </div>
        <DetailActions
          id={g.id}
          favorite={g.favorite}
          prompt={g.prompt}
          imageCount={g.images.length}
          playgroundHref={g.playgroundHref}
          compareHref={g.compareHref}
        />
        <ShareToggle target={{ generationId: g.id }} initialPath={shared} />
      </header>

      {STATUS_EXPLANATIONS[status] ? (
        <p role="status" className="rounded-lg border border-zinc-300 bg-zinc-50 p-4 text-sm dark:border-zinc-700 dark:bg-zinc-900">
          {STATUS_EXPLANATIONS[status]}
          {g.attempts.length ? ` ${g.attempts.length === 1 ? "One provider attempt was" : `${g.attempts.length} provider attempts were`} recorded.` : ""}
        </p>
      ) : failed || g.errorMessage ? (
        <div className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
          <p className="font-semibold">
            {g.status === "partial" ? "Some images failed" : "This generation failed"}
            {g.errorCode ? <code className="ml-2 text-xs font-normal">{g.errorCode}</code> : null}
          </p>
          {g.errorMessage ? <p className="mt-1">{g.errorMessage}</p> : null}
        </div>
      ) : null}

      {g.notStored ? (
        <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          Not stored: this generation keeps its metadata only (store: false, retention or a purge removed its prompt and images).
        </p>
      ) : null}

      {g.images.length > 0 ? (
        <section aria-label="Images" className="flex flex-col gap-3">
          <div className={g.images.length > 1 ? "grid gap-4 md:grid-cols-2" : "flex justify-center"}>
            {g.images.map((image) => (
              <figure key={image.id} className="flex flex-col items-center gap-1.5">
                <a href={image.src} target="_blank" rel="noreferrer" className="block">
                  <img
                    src={image.src}
                    alt={`Image ${image.index + 1}: ${g.prompt.slice(0, 200)}`}
                    width={image.width}
                    height={image.height}
                    fetchPriority="high"
                    className="h-auto max-h-[80vh] w-auto max-w-full rounded-md bg-zinc-200 object-contain dark:bg-zinc-900"
                    style={{ aspectRatio: `${image.width} / ${image.height}`, ...placeholderStyle(image.placeholder) }}
                  />
                </a>
                <figcaption className="text-xs text-zinc-500 dark:text-zinc-400">
                  Image {image.index + 1} · {image.width}×{image.height} · {image.format.toUpperCase()} · {formatBytes(image.bytes)}
                  {image.seed !== null ? ` · seed ${image.seed}` : ""}
                </figcaption>
                <EditThisImage imageId={image.id} model={g.model} />
              </figure>
            ))}
          </div>
          <ImageDownloads
            images={g.images.map(({ id, index }) => ({ id, index }))}
            originalExt={EXTENSIONS[g.images[0]!.format as keyof typeof EXTENSIONS] ?? g.images[0]!.format}
          />
        </section>
      ) : null}

      <EditLineage generationId={g.id} />

      <div className="grid items-start gap-5 lg:grid-cols-[3fr_2fr]">
        <Section title="Prompt">
          <p className="text-sm whitespace-pre-wrap">{g.prompt}</p>
          {g.negativePrompt ? (
            <div>
              <h3 className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Negative prompt</h3>
              <p className="text-sm whitespace-pre-wrap">{g.negativePrompt}</p>
            </div>
          ) : null}
          {revised.map((image) => (
            <div key={image.id}>
              <h3 className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Revised by the provider (image {image.index + 1})</h3>
              <p className="text-sm whitespace-pre-wrap">{image.revisedPrompt}</p>
            </div>
          ))}
        </Section>
        <Section title="Details">
          <Facts g={g} />
        </Section>
      </div>

      <Section title="Parameters">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {g.parameters.some((p) => p.handling) || g.attempts.length
            ? "Each parameter as requested and as sent to the provider."
            : "No provider received this request; the parameters as requested."}
        </p>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th className={head}>Parameter</th>
                <th className={head}>Requested</th>
                <th className={head}>Sent</th>
                <th className={head}>Handling</th>
                <th className={head}>Note</th>
              </tr>
            </thead>
            <tbody>
              {g.parameters.map((p) => (
                <tr key={p.param}>
                  <th scope="row" className={`${cell} text-left font-mono text-xs font-normal`}>
                    {p.param}
                    {p.wire && p.wire !== p.param ? <span className="block text-zinc-500">sent as {p.wire}</span> : null}
                  </th>
                  <td className={`${cell} max-w-xs break-words`}>{show(p.requested)}</td>
                  <td className={`${cell} max-w-xs break-words`}>{show(p.sent)}</td>
                  <td className={cell}>{p.handling ? <HandlingBadge handling={p.handling} /> : "—"}</td>
                  <td className={`${cell} text-xs text-zinc-500 dark:text-zinc-400`}>{p.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      {g.warnings.length > 0 ? (
        <Section title="Warnings">
          <ul className="list-disc pl-5 text-sm">
            {g.warnings.map((w, i) => (
              <li key={i}>
                {w.param ? <code className="mr-1 text-xs">{w.param}</code> : null}
                {w.message}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section title="Attempts">
        {g.attempts.length === 0 ? (
          <p className="text-sm text-zinc-500">No provider was called.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr>
                  <th className={head}>#</th>
                  <th className={head}>Provider</th>
                  <th className={head}>Status</th>
                  <th className={head}>Error</th>
                  <th className={head}>Latency</th>
                  <th className={head}>Cost</th>
                  <th className={head}>Images</th>
                  <th className={head}>Started</th>
                </tr>
              </thead>
              <tbody>
                {g.attempts.map((a, i) => (
                  <tr key={a.id}>
                    <td className={cell}>{i + 1}</td>
                    <td className={cell}>
                      <span className="inline-flex items-center gap-1.5">
                        {a.providerName}
                        {a.simulated ? <SimulatedBadge /> : null}
                      </span>
                      <code className="block text-xs text-zinc-500">{a.providerModelId}</code>
                    </td>
                    <td className={cell}>
                      <Badge tone={a.status === "succeeded" ? "green" : "red"}>{a.status}</Badge>
                    </td>
                    <td className={`${cell} max-w-sm break-words text-xs`}>
                      {a.errorKind ? <code className="mr-1">{a.errorKind}</code> : null}
                      {a.httpStatus && a.status !== "succeeded" ? <span className="mr-1">HTTP {a.httpStatus}</span> : null}
                      {a.errorMessage ?? (a.errorKind ? "" : "—")}
                    </td>
                    <td className={cell}>{formatMs(a.latencyMs)}</td>
                    <td className={cell}>{formatUsd(a.costUsd)}</td>
                    <td className={cell}>{a.images}</td>
                    <td className={`${cell} text-xs whitespace-nowrap`}>
                      <time dateTime={a.startedAt}>{formatDateTime(a.startedAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </main>
  );
}
