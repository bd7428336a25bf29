import "server-only";
import { signImageUrl } from "@/lib/auth/signed-url";
import { listEditsOf, listGenerationInputs, type GenerationInputRow } from "@/lib/db/generation-inputs";
import { EXTENSIONS } from "@/lib/images/sniff";

/** The URL of an edit's input picture (signed when accounts are on, like image URLs). */
export const inputUrl = (publicUrl: string, input: { id: string; format: string }) =>
  signImageUrl(`${publicUrl}/images/inputs/${input.id}.${EXTENSIONS[input.format as keyof typeof EXTENSIONS] ?? input.format}`);

export interface GenerationInputView extends Omit<GenerationInputRow, "storageKey"> {
  url: string;
}

/** An edit's inputs with their URLs, for the gallery's detail page; empty for a plain generation. */
export async function generationInputsView(generationId: string, publicUrl: string): Promise<GenerationInputView[]> {
  const rows = await listGenerationInputs({ generationId });
  return rows.map(({ storageKey: _key, ...row }) => ({ ...row, url: inputUrl(publicUrl, row) }));
}

/** The edits made from this generation's images, newest first (the gallery links to them). */
export const editsOf = (generationId: string) => listEditsOf({ generationId });
