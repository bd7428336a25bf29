import "server-only";
import { canAccess, type Viewer } from "@/lib/auth/viewer";
import { findImage, findImageOwner } from "@/lib/db/generations";
import { serverContext } from "@/lib/server/context";
import { imageUrl } from "./generation-response";

/** A stored image the playground's Edit mode starts from ("edit this image"). */
export interface EditSourceImage {
  id: string;
  generationId: string;
  width: number;
  height: number;
  format: string;
  /** Where the browser shows it (signed when accounts are on). */
  url: string;
}

/** The image by id, when it exists and the viewer may see it; otherwise null (never a hint that it exists). */
export async function editSourceImage({ imageId, viewer }: { imageId: string; viewer: Viewer }): Promise<EditSourceImage | null> {
  const [image, owner] = await Promise.all([findImage({ id: imageId }), findImageOwner({ id: imageId })]);
  if (!image || !owner || !canAccess(viewer, owner)) return null;
  return { id: image.id, generationId: image.generationId, width: image.width, height: image.height, format: image.format, url: imageUrl(serverContext().publicUrl, image) };
}

/** Whether every gallery image an edit names may be used by this viewer. */
export async function mayEditFrom(imageIds: string[], viewer: Viewer): Promise<boolean> {
  const owners = await Promise.all(imageIds.map((id) => findImageOwner({ id })));
  return owners.every((owner) => owner !== null && canAccess(viewer, owner));
}
