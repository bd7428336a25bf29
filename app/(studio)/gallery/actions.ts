"use server";
import { requireViewer } from "@/lib/auth/session";
import { ownerScopeFor } from "@/lib/auth/viewer";
import { z } from "zod";
import type { ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";
import { deleteGenerations, galleryPage, InvalidCursorError, setFavorite, type GalleryPage } from "@/lib/services/gallery";
import { parseGalleryParams, toGalleryQuery } from "@/lib/services/gallery-query";

const idsSchema = z.array(z.string().regex(/^gen_[0-9a-z]{26}$/, "not a generation id")).min(1).max(500);

const pageSchema = z.object({ query: z.string().max(2000), cursor: z.string().min(1).max(500) });
const favoriteSchema = z.object({ ids: idsSchema, favorite: z.boolean() });
const deleteSchema = z.object({ ids: idsSchema });

const failure = (message: string, code: string) => ({ error: { message, param: null, code } });

function unexpected(error: unknown, action: string) {
  logger().error({ err: error }, `gallery ${action} failed`);
  return failure("Something went wrong on the server; try again", "internal_error");
}

/** The next page of the infinite scroll: same filters as the URL, continuing after `cursor`. */
export async function loadGalleryPage(input: unknown): Promise<ActionResult<GalleryPage>> {
  const viewer = await requireViewer();
  const parsed = pageSchema.safeParse(input);
  if (!parsed.success) return failure("Invalid page request", "invalid_input");
  try {
    const search = new URLSearchParams(parsed.data.query);
    const params = parseGalleryParams(search);
    return { data: await galleryPage({ ...toGalleryQuery(params, parsed.data.cursor), owner: ownerScopeFor(viewer, search.get("user") ?? undefined) }) };
  } catch (error) {
    if (error instanceof InvalidCursorError) return failure(error.message, "invalid_cursor");
    return unexpected(error, "page");
  }
}

export async function setGenerationsFavorite(input: unknown): Promise<ActionResult<{ updated: number }>> {
  const viewer = await requireViewer();
  const parsed = favoriteSchema.safeParse(input);
  if (!parsed.success) return failure("Invalid selection", "invalid_input");
  try {
    return { data: { updated: await setFavorite({ ...parsed.data, viewer }) } };
  } catch (error) {
    return unexpected(error, "favorite");
  }
}

/** Deletes generations with their images and attempts; image files go too unless another image shares them. */
export async function deleteGenerationsAction(input: unknown): Promise<ActionResult<{ deleted: number }>> {
  const viewer = await requireViewer();
  const parsed = deleteSchema.safeParse(input);
  if (!parsed.success) return failure("Invalid selection", "invalid_input");
  try {
    return { data: { deleted: await deleteGenerations({ ...parsed.data, viewer }) } };
  } catch (error) {
    return unexpected(error, "delete");
  }
}
