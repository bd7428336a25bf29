"use client";
import { useMemo, useRef, useState } from "react";
import { submitHandlers } from "@/components/ui/submit-handlers";
import type { ActionError } from "@/lib/query/action-result";
import { useEstimate, useGeneration, type GenerationOutcome } from "./use-generation";
import { chosenSize, type PlaygroundCatalog } from "./catalog";
import { CodePanel } from "./code-panel";
import { CountSeedFields } from "./count-seed-fields";
import { ActionBar } from "./action-bar";
import { fitToModel, readForm, requestBody, type PlaygroundForm } from "./form-state";
import type { FieldGroupProps } from "./form-types";
import { HistoryStrip } from "./history-strip";
import { ModelOptions } from "./model-options";
import { ModelPicker } from "./model-picker";
import { OutputFields } from "./output-fields";
import { PromptFields } from "./prompt-fields";
import { ResultsPanel, type Pending } from "./results-panel";
import { readDroppedImage, settingsBody } from "./restore-from-image";
import { useSessionHistory, type HistoryEntry } from "./session-history";
import { SizeFields } from "./size-fields";
import { useDebounced } from "./use-debounced";
import { usePreviews } from "./use-previews";
import { useShareableUrl } from "./use-shareable-url";

// Fields that show their own errors; an error about anything else appears beside the Generate button.
const FIELD_ERRORS = new Set(["prompt", "negative_prompt", "n", "seed", "size", "aspect_ratio", "resolution", "output_format", "output_compression", "quality", "style", "thinking", "provider"]);
const FIELD_OF_PARAM: Record<string, string> = { model: "provider", thinking_level: "thinking" };

// The cost of a request does not depend on its prompt, so an empty prompt is estimated with a stand-in.
const ESTIMATE_PROMPT = "cost estimate";

export function Playground({ catalog, initialForm }: { catalog: PlaygroundCatalog; initialForm: PlaygroundForm }) {
  const [form, setForm] = useState(initialForm);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [shownId, setShownId] = useState<string | null>(null);
  const history = useSessionHistory();
  const results = useRef<HTMLDivElement>(null);
  const previews = usePreviews();
  const model = catalog.models.find((m) => m.id === form.model)!;

  const body = useMemo(() => requestBody(form), [form]);
  const settledBody = useDebounced(body, 300);
  const estimate = useEstimate(useMemo(() => ({ ...settledBody, prompt: String(settledBody.prompt).trim() || ESTIMATE_PROMPT }), [settledBody]));

  useShareableUrl(settledBody);

  const generation = useGeneration((sentBody: Record<string, unknown>, outcome: GenerationOutcome) => {
    previews.clear();
    setPending(null);
    if (outcome.data) {
      history.add({ body: sentBody, response: outcome.data });
      setShownId(outcome.data.darkroom.id);
      reveal();
    } else if (outcome.error.code === "cancelled") {
      setCancelled(true);
    } else {
      setError(outcome.error);
      const field = fieldOf(outcome.error.param);
      if (field) document.getElementById(field.replaceAll("_", "-"))?.focus();
      else reveal();
    }
  }, (image) => setPending((current) => current && { ...current, arrived: [...current.arrived, previews.add(image)] }));

  // Brings the results panel into view unless it already is (beside the form on a wide screen).
  function reveal() {
    requestAnimationFrame(() => {
      const box = results.current?.getBoundingClientRect();
      if (box && (box.top < 0 || box.top > window.innerHeight * 0.6)) results.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }

  function fieldOf(param: string | null): string | null {
    if (!param) return null;
    const field = param === "size" && form.sizeMode === "ratio" ? "aspect_ratio" : (FIELD_OF_PARAM[param] ?? param);
    return FIELD_ERRORS.has(field) ? field : null;
  }

  const update = (patch: Partial<PlaygroundForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setError(null);
  };

  function submit() {
    if (generation.isPending) return;
    const size = chosenSize(model, form);
    setError(null);
    setCancelled(false);
    previews.clear();
    setPending({ startedAt: Date.now(), n: form.n >= 1 && form.n <= 10 ? form.n : 1, width: size.width, height: size.height, arrived: [] });
    generation.generate(body);
    reveal();
  }

  // Dropping an image with embedded settings (Darkroom's or A1111's) restores them into the form.
  async function restoreFrom(file: File | undefined) {
    if (!file) return;
    const read = await readDroppedImage(file);
    if ("error" in read) return setError({ message: read.error, param: null, code: "no_metadata" });
    const body = settingsBody(read.settings, catalog.models.map((m) => m.id));
    setForm(readForm((key) => body[key] ?? (key === "model" ? form.model : undefined), catalog));
    setError(null);
  }

  function applySettings(entry: HistoryEntry, seed: number | null) {
    setForm(readForm((key) => (key === "seed" ? seed : entry.body[key]), catalog));
    setError(null);
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  const servingProvider = form.provider || estimate.data?.data?.provider || model.providers.find((p) => p.servesUnpinned)?.id || "";
  const fields: FieldGroupProps = {
    form,
    update,
    errorFor: (param) => (error && fieldOf(error.param) === param ? error.message : null),
    handlingOf: (param) => model.handling[param]?.[servingProvider],
    providerName: model.providers.find((p) => p.id === servingProvider)?.name ?? servingProvider,
  };
  const generalError = error && !fieldOf(error.param) ? error : null;
  const shown = history.entries.find((e) => e.response.darkroom.id === shownId) ?? history.entries[0];

  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
      <form
        aria-label="Generation settings"
        noValidate
        {...submitHandlers(submit)}
        onDragOver={(e) => e.dataTransfer.types.includes("Files") && e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          void restoreFrom(e.dataTransfer.files[0]);
        }}
        className="flex flex-col gap-5"
      >
        <ModelPicker
          models={catalog.models}
          model={model}
          provider={form.provider}
          error={fields.errorFor("provider")}
          onModelChange={(id) => {
            setForm((current) => fitToModel({ ...current, provider: "" }, catalog.models.find((m) => m.id === id)!));
            setError(null);
          }}
          onProviderChange={(provider) => update({ provider })}
        />
        <PromptFields {...fields} maxChars={model.promptMaxChars} />
        <SizeFields {...fields} model={model} />
        <CountSeedFields {...fields} maxSeed={catalog.maxSeed} />
        <OutputFields {...fields} formats={catalog.outputFormats} />
        <ModelOptions {...fields} model={model} />
        <ActionBar estimate={estimate} model={model} running={generation.isPending} onCancel={generation.cancel} />
      </form>

      <div className="flex min-w-0 flex-col gap-8 lg:sticky lg:top-16 lg:max-h-[calc(100dvh-5rem)] lg:self-start lg:overflow-y-auto">
        <ResultsPanel
          ref={results}
          pending={pending && generation.isPending ? pending : null}
          cancelled={cancelled}
          error={generalError}
          shown={shown}
          onUseSettings={applySettings}
        />
        <HistoryStrip entries={history.entries} shownId={shown?.response.darkroom.id ?? null} onShow={setShownId} onClear={history.clear} />
        <CodePanel apiBase={catalog.apiBase} body={body} />
      </div>
    </div>
  );
}
