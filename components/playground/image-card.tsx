"use client";
import Link from "next/link";
import { useId, useState } from "react";
import { SimulatedBadge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { formatBytes } from "@/components/ui/format";
import type { Generation } from "./use-generation";
import { ZoomLightbox } from "./zoom-lightbox";

export type ImageCardImage = Generation["darkroom"]["images"][number];
type Image = ImageCardImage;

const DOWNLOAD_FORMATS = [
  { format: "png", ext: "png" },
  { format: "jpeg", ext: "jpg" },
  { format: "webp", ext: "webp" },
  { format: "avif", ext: "avif" },
  { format: "gif", ext: "gif" },
];

// Image URLs carry the server's public origin; the browser fetches them from wherever it reached the page.
const sitePath = (url: string) => new URL(url).pathname;

export function ImageCard({
  image,
  generation,
  prompt,
  onUseSettings,
  onEdit,
}: {
  image: Image;
  generation: Generation["darkroom"];
  prompt: string;
  onUseSettings: (seed: number | null) => void;
  /** Opens Edit mode with this image, when its model can edit. */
  onEdit?: () => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState(image.format);
  const ext = DOWNLOAD_FORMATS.find((f) => f.format === format)?.ext ?? format;
  const downloadHref = `${sitePath(image.url).replace(/\.[a-z0-9]+$/, "")}.${ext}?download`;
  return (
    <figure aria-label={`Image ${image.index + 1}`} className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      {/* A click on the image opens it large; the "View large" button does the same from the keyboard. */}
      <img
        src={sitePath(image.url)}
        alt={prompt}
        width={image.width}
        height={image.height}
        onClick={() => setOpen(true)}
        className="h-auto w-full cursor-zoom-in bg-zinc-100 dark:bg-zinc-800"
      />
      <ZoomLightbox image={open ? { src: sitePath(image.url), alt: prompt, width: image.width, height: image.height } : null} onClose={() => setOpen(false)} />
      <figcaption className="flex flex-col gap-2 p-3 text-sm">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <span className="font-medium tabular-nums">
            {image.width} × {image.height}
          </span>
          <span className="text-zinc-600 tabular-nums dark:text-zinc-400">Seed {image.seed ?? "unknown"}</span>
          <span className="text-zinc-600 dark:text-zinc-400">
            {image.format} · {formatBytes(image.bytes)}
          </span>
          <span className="flex items-center gap-1.5 text-zinc-600 dark:text-zinc-400">
            {generation.provider_name}
            {generation.simulated ? <SimulatedBadge /> : null}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-format`} className="text-xs text-zinc-600 dark:text-zinc-400">
            Download as
          </label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(e) => setFormat(e.target.value)}
            className="h-8 rounded-md border border-zinc-300 bg-white px-1.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
          >
            {DOWNLOAD_FORMATS.map((f) => (
              <option key={f.format} value={f.format}>
                {f.format}
              </option>
            ))}
          </select>
          <Button size="sm" onClick={() => setOpen(true)}>
            View large
          </Button>
          <a href={downloadHref} download className={buttonClass("secondary", "sm")}>
            Download
          </a>
          {image.seed !== null ? <CopyButton text={String(image.seed)} label="Copy seed" /> : null}
          <Button size="sm" onClick={() => onUseSettings(image.seed)}>
            Use these settings
          </Button>
          {onEdit ? (
            <Button size="sm" onClick={onEdit}>
              Edit this image
            </Button>
          ) : null}
          <Link href={`/gallery/${generation.id}`} className={buttonClass("ghost", "sm")}>
            Open in gallery
          </Link>
        </div>
      </figcaption>
    </figure>
  );
}
