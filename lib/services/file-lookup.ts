import "server-only";
import { findGenerationOwner, findImage } from "@/lib/db/generations";
import { findGenerationInput } from "@/lib/db/generation-inputs";
import { isPurgedImage } from "@/lib/db/retention";

/** The rows the file routes serve: an image, whether a missing one was purged (410) or never was (404), an input. */
export const imageForFile = (id: string) => findImage({ id });
export const wasPurged = (imageId: string) => isPurgedImage(imageId);
export const inputForFile = (id: string) => findGenerationInput({ id });
export const ownerOfGeneration = (id: string) => findGenerationOwner({ id });
