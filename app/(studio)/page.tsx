import type { Metadata } from "next";
import { playgroundModels } from "@/components/playground/catalog-data";
import { readForm } from "@/components/playground/form-state";
import { Playground } from "@/components/playground/playground";
import { requestOrigin } from "@/components/shell/request-origin";
import { MAX_SEED, OUTPUT_FORMATS } from "@/lib/params/request-schema";
import { serverContext } from "@/lib/server/context";
import { loadDraft } from "@/lib/services/drafts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const catalog = {
    models: playgroundModels(),
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
  return (
    <main className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Playground</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Write a prompt, tune the model’s parameters, and generate. The link always holds the current settings.</p>
      </header>
      <Playground catalog={catalog} initialForm={initialForm} />
    </main>
  );
}
