"use client";
import Link from "next/link";
import { useEffect, useId, useState, type ReactNode } from "react";
import { SimulatedBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { formatMs, formatUsd } from "@/components/ui/format";
import type { CellState } from "./use-compare";

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return <span className="tabular-nums">{formatMs(Math.max(0, now - since))}</span>;
}

function Facts({ cell }: { cell: CellState }) {
  const facts: [string, ReactNode][] = [
    [
      "Provider",
      <span key="p" className="inline-flex flex-wrap items-center gap-1.5">
        {cell.providerName ?? "—"}
        {cell.simulated ? <SimulatedBadge /> : null}
      </span>,
    ],
    ["Size", cell.image ? `${cell.image.width} × ${cell.image.height}` : "—"],
    ["Latency", cell.latencyMs === null ? "—" : formatMs(cell.latencyMs)],
    ["Cost", cell.costUsd === null ? "—" : formatUsd(cell.costUsd)],
    ["Seed", cell.seed ?? "—"],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
          <dd className="tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One target's result: a timer while it runs, then its image and numbers, or its error in plain words. */
export function ResultCell({
  cell,
  label,
  prompt,
  aspectRatio,
  onEnlarge,
}: {
  cell: CellState;
  label: string;
  prompt: string;
  aspectRatio: string;
  onEnlarge: () => void;
}) {
  const headingId = useId();
  const placeholderRatio = aspectRatio.replace(":", " / ");
  return (
    <article aria-labelledby={headingId} aria-busy={cell.state === "running"} className="flex min-w-0 flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <header className="flex flex-col">
        <h3 id={headingId} className="text-sm font-semibold">
          {label}
        </h3>
        <code className="truncate text-xs text-zinc-500 dark:text-zinc-400">{cell.target}</code>
      </header>

      {cell.state === "succeeded" && cell.image ? (
        // A link to the full image, so it also opens without scripts; with them it opens in the viewer.
        <a
          href={cell.image.src}
          onClick={(e) => {
            e.preventDefault();
            onEnlarge();
          }}
          title="See it large"
          className="block overflow-hidden rounded-md focus-visible:outline-2 focus-visible:outline-amber-500"
        >
          <img
            src={cell.image.src}
            alt={`${label}: ${prompt}`}
            width={cell.image.width}
            height={cell.image.height}
            className="h-auto w-full bg-zinc-100 dark:bg-zinc-800"
          />
        </a>
      ) : cell.state === "running" ? (
        <div style={{ aspectRatio: placeholderRatio }} className="flex animate-pulse items-center justify-center rounded-md bg-zinc-200 dark:bg-zinc-800">
          <p role="status" className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <span aria-hidden="true" className="size-2 animate-ping rounded-full bg-amber-500" />
            {cell.startedAt === null ? "Still running when this page loaded" : <>Running… <Elapsed since={cell.startedAt} /></>}
          </p>
        </div>
      ) : cell.state === "failed" ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          <p className="font-medium">{cell.error}</p>
          {cell.errorDetail ? <p className="mt-1 text-xs break-words">{cell.errorDetail}</p> : null}
        </div>
      ) : (
        <p className="rounded-md border border-dashed border-zinc-300 px-3 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700">No result: not run, or deleted from the gallery.</p>
      )}

      {cell.state === "succeeded" ? <Facts cell={cell} /> : null}

      {cell.warnings.length ? (
        <ul aria-label="Warnings" className="list-disc pl-5 text-xs text-amber-800 dark:text-amber-300">
          {cell.warnings.map((warning, i) => (
            <li key={i}>{warning}</li>
          ))}
        </ul>
      ) : null}

      {cell.generationId ? (
        <Link href={`/gallery/${cell.generationId}`} className={buttonClass("ghost", "sm")}>
          Details in the gallery
        </Link>
      ) : null}
    </article>
  );
}
