"use client";
import { readImageSettings } from "@/lib/images/metadata-read";
import type { ImageSettings } from "@/lib/images/metadata-infotext";

/** Request-body keys for the form, from an image's embedded settings (Darkroom's or A1111's). */
export function settingsBody(s: ImageSettings, knownModels: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = { prompt: s.prompt };
  if (s.negativePrompt) body.negative_prompt = s.negativePrompt;
  if (s.seed !== undefined) body.seed = s.seed;
  if (s.size && /^\d+x\d+$/.test(s.size)) body.size = s.size;
  // An A1111 checkpoint name is no catalog model: the current model stays.
  if (s.model && knownModels.includes(s.model)) body.model = s.provider && s.provider !== "local" ? `${s.provider}/${s.model}` : s.model;
  return body;
}

/** Reads the settings of a dropped image file; a message when it carries none. */
export async function readDroppedImage(file: File): Promise<{ settings: ImageSettings } | { error: string }> {
  try {
    const settings = readImageSettings(new Uint8Array(await file.arrayBuffer()));
    return settings?.prompt ? { settings } : { error: `${file.name} carries no generation settings` };
  } catch {
    return { error: `${file.name} could not be read as an image` };
  }
}
