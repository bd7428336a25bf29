import type { Metadata } from "next";
import { playgroundEditable, playgroundModels } from "@/components/playground/catalog-data";
import type { EditSource } from "@/components/playground/edit-inputs";
import { readForm } from "@/components/playground/form-state";
import { Playground } from "@/components/playground/playground";
import { requestOrigin } from "@/components/shell/request-origin";
import { requireViewer } from "@/lib/auth/session";
import { MAX_SEED, OUTPUT_FORMATS } from "@/lib/params/request-schema";
import { serverContext } from "@/lib/server/context";
import { loadDraft } from "@/lib/services/drafts";
import { editSourceImage } from "@/lib/services/edit-source";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Playground" };

const IMAGE_ID = /^img_[a-z0-9]+$/i;

/** "Edit this image" links name a gallery image by id; it comes back only if it exists and the viewer may see it. */
async function editSource(imageId: string | undefined): Promise<EditSource | null> {
  if (!imageId || !IMAGE_ID.test(imageId)) return null;
  const image = await editSourceImage({ imageId, viewer: await requireViewer() });
  if (!image) return null;
  const { pathname, search } = new URL(image.url);
  return { kind: "stored", imageId: image.id, key: image.id, src: pathname + search, width: image.width, height: image.height, name: "gallery image" };
}

export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const catalog = {
    models: playgroundModels(),
    editable: playgroundEditable(),
    defaultModel: serverContext().defaultModel,
    apiBase: await requestOrigin(),
    maxSeed: MAX_SEED,
    outputFormats: [...OUTPUT_FORMATS],
  };
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  // A long prompt's link names a saved draft; the URL's own parameters win over it.
  const draftId = first(params.draft);
  const draft = draftId ? ((await loadDraft(draftId)) ?? {}) : {};
  const initialForm = readForm((key) => first(params[key]) ?? draft[key], catalog);
  const initialEdit = await editSource(first(params.edit));
  const initialMode = initialEdit || first(params.mode) === "edit" ? "edit" : "generate";
  return (
    <main className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Playground</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Write a prompt, tune the model’s parameters, and generate — or switch to Edit to change pictures you drop in. The link always holds the current settings.
        </p>
      </header>
      <Playground catalog={catalog} initialForm={initialForm} initialMode={initialMode} initialEdit={initialEdit} />
    </main>
  );
}
