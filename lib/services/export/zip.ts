import "server-only";
import { Readable } from "node:stream";
import { ZipFile } from "yazl";
import { findExportRows } from "@/lib/db/export";
import { listGallery, type GalleryQuery } from "@/lib/db/gallery";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { ImageStorage } from "@/lib/storage/storage";
import { manifestCsv, manifestEntries, type ManifestEntry } from "./manifest";

/** At most this many generations go into one zip: a filter matching more is cut, and the manifest says so. */
export const EXPORT_MAX_GENERATIONS = 10_000;
const PAGE = 500;

export type ExportSelection = { ids: string[] } | { query: Omit<GalleryQuery, "cursor" | "limit"> };

/** The generation ids a selection names, in the gallery's order, by keyset pages (never OFFSET). */
async function selectedIds(selection: ExportSelection, client?: PrismaClient): Promise<string[]> {
  if ("ids" in selection) return selection.ids.slice(0, EXPORT_MAX_GENERATIONS);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listGallery({ ...selection.query, cursor, limit: PAGE }, client);
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ids.length < EXPORT_MAX_GENERATIONS);
  return ids.slice(0, EXPORT_MAX_GENERATIONS);
}

/**
 * A zip of the selected generations' images plus manifest.json and manifest.csv. Only the manifest rows are
 * held in memory; each image is opened when the zip reaches it and streamed through (already-compressed
 * formats are stored, not deflated again).
 */
export async function exportZip(selection: ExportSelection, storage: ImageStorage, client?: PrismaClient): Promise<ReadableStream<Uint8Array>> {
  const ids = await selectedIds(selection, client);
  const zip = new ZipFile();
  const entries: ManifestEntry[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    for (const row of await findExportRows({ ids: ids.slice(i, i + PAGE) }, client)) {
      const rowEntries = manifestEntries(row);
      entries.push(...rowEntries);
      row.images.forEach((image, index) => {
        const file = rowEntries[index]!.file!;
        zip.addReadStreamLazy(file, { mtime: row.createdAt, compress: false }, (done) => {
          storage.open(image.storageKey).then(
            (opened) => done(null, opened ? Readable.fromWeb(opened.body as import("node:stream/web").ReadableStream) : Readable.from([])),
            (error: Error) => done(error),
          );
        });
      });
    }
  }
  const now = new Date();
  zip.addBuffer(Buffer.from(JSON.stringify({ exported_at: now.toISOString(), generations: ids.length, images: entries.filter((e) => e.file).length, entries }, null, 2)), "manifest.json", { mtime: now });
  zip.addBuffer(Buffer.from(manifestCsv(entries)), "manifest.csv", { mtime: now });
  zip.end();
  return Readable.toWeb(zip.outputStream) as ReadableStream<Uint8Array>;
}
