"use client";
import { useMemo, useRef, useState } from "react";
import { submitHandlers } from "@/components/ui/submit-handlers";
import type { ActionError } from "@/lib/query/action-result";
import { useEstimate, useGeneration, type GenerationOutcome } from "./use-generation";
import { chosenSize, type PlaygroundCatalog, type PlaygroundModel } from "./catalog";
import { CodePanel } from "./code-panel";
import { CountSeedFields } from "./count-seed-fields";
import { ActionBar } from "./action-bar";
import { EditPanel, ModeSwitch, type PlaygroundMode } from "./edit-panel";
import type { EditSource } from "./edit-inputs";
import { fitToModel, readForm, requestBody, type PlaygroundForm } from "./form-state";
import type { FieldGroupProps } from "./form-types";
import { HistoryStrip } from "./history-strip";
import { MaxCostField } from "./max-cost-field";
import type { ImageCardImage } from "./image-card";
import { ModelOptions } from "./model-options";
import { ModelPicker } from "./model-picker";
import { OutputFields } from "./output-fields";
import { PromptFields } from "./prompt-fields";
import { ResultsPanel, type Pending } from "./results-panel";
import { readDroppedImage, settingsBody } from "./restore-from-image";
import { useSessionHistory, type HistoryEntry } from "./session-history";
import { SizeFields } from "./size-fields";
import { useDebounced } from "./use-debounced";
import { useEditSources } from "./use-edit-sources";
import { usePreviews } from "./use-previews";
import { useShareableUrl } from "./use-shareable-url";

// Fields that show their own errors; an error about anything else appears beside the Generate button.
const FIELD_ERRORS = new Set(["prompt", "negative_prompt", "n", "seed", "size", "aspect_ratio", "resolution", "output_format", "output_compression", "quality", "style", "thinking", "provider", "image", "mask", "max_cost"]);
const FIELD_OF_PARAM: Record<string, string> = { model: "provider", thinking_level: "thinking" };

// The cost of a request does not depend on its prompt, so an empty prompt is estimated with a stand-in.
const ESTIMATE_PROMPT = "cost estimate";

// Image URLs carry the server's public origin; the browser fetches them from wherever it reached the page.
const sitePath = (url: string) => {
  const { pathname, search } = new URL(url, window.location.href);
  return pathname + search;
};

/** An edit's output keeps its first picture's shape, so it sends no size of its own; edits take no max_cost. */
function editBody(body: Record<string, unknown>): Record<string, unknown> {
  const { size: _size, aspect_ratio: _ratio, resolution: _tier, max_cost: _cap, ...rest } = body;
  return rest;
}

interface Props {
  catalog: PlaygroundCatalog;
  initialForm: PlaygroundForm;
  initialMode: PlaygroundMode;
  /** "Edit this image" from the gallery: the picture Edit mode starts with. */
  initialEdit: EditSource | null;
}

export function Playground({ catalog, initialForm, initialMode, initialEdit }: Props) {
  const editableIds = useMemo(() => new Set(catalog.editable.map((m) => m.id)), [catalog.editable]);
  const [mode, setMode] = useState<PlaygroundMode>(initialMode);
  const [form, setForm] = useState(() => (initialMode === "edit" ? fitToEditable(initialForm) : initialForm));
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [shownId, setShownId] = useState<string | null>(null);
  const history = useSessionHistory();
  const results = useRef<HTMLDivElement>(null);
  const previews = usePreviews();
  const model = catalog.models.find((m) => m.id === form.model)!;
  const editable = catalog.editable.find((m) => m.id === form.model) ?? { id: form.model, maxInputImages: 1, mask: false };
  const edit = useEditSources(initialEdit ? [initialEdit] : [], editable.maxInputImages);
  const models = mode === "edit" ? catalog.models.filter((m) => editableIds.has(m.id)) : catalog.models;

  /** Edit mode offers only models that edit: the current one if it does, else the default or the first active one a configured provider serves. */
  function fitToEditable(current: PlaygroundForm): PlaygroundForm {
    if (editableIds.has(current.model)) return current;
    const editing = catalog.models.filter((m) => editableIds.has(m.id));
    const serves = (m: PlaygroundModel) => m.providers.some((p) => p.configured && p.servesUnpinned);
    const next =
      editing.find((m) => m.id === catalog.defaultModel) ?? editing.find((m) => m.status === "active" && serves(m)) ?? editing.find(serves) ?? editing[0];
    return next ? fitToModel({ ...current, provider: "" }, next) : current;
  }

  const generateBody = useMemo(() => requestBody(form), [form]);
  const body = mode === "edit" ? editBody(generateBody) : generateBody;
  const settledBody = useDebounced(generateBody, 300);
  const estimate = useEstimate(
    useMemo(() => {
      const { max_cost: cap, ...rest } = settledBody;
      return { ...rest, ...(mode === "generate" && cap !== undefined ? { max_cost: cap } : {}), prompt: String(settledBody.prompt).trim() || ESTIMATE_PROMPT };
    }, [settledBody, mode]),
  );
  const base = edit.sources[0];
  // Edit mode is part of the link; a gallery picture comes back by its id, an uploaded file cannot.
  useShareableUrl(settledBody, mode === "edit" ? `mode=edit${base?.kind === "stored" ? `&edit=${base.imageId}` : ""}` : "");

  const generation = useGeneration(
    (sentBody: Record<string, unknown>, outcome: GenerationOutcome) => {
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
        if (field && field !== "image" && field !== "mask") document.getElementById(field.replaceAll("_", "-"))?.focus();
        else reveal();
      }
    },
    (image) => setPending((current) => current && { ...current, arrived: [...current.arrived, previews.add(image)] }),
  );

  // Brings the results panel into view unless it already is (beside the form on a wide screen).
  function reveal() {
    requestAnimationFrame(() => {
      const box = results.current?.getBoundingClientRect();
      if (box && (box.top < 0 || box.top > window.innerHeight * 0.6)) results.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }

  function fieldOf(param: string | null): string | null {
    if (!param) return null;
    const field = param.startsWith("image") ? "image" : param === "size" && form.sizeMode === "ratio" ? "aspect_ratio" : (FIELD_OF_PARAM[param] ?? param);
    return FIELD_ERRORS.has(field) ? field : null;
  }

  const update = (patch: Partial<PlaygroundForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setError(null);
  };

  function switchMode(next: PlaygroundMode) {
    setMode(next);
    if (next === "edit") setForm(fitToEditable);
    setError(null);
  }

  function submit() {
    if (generation.isPending) return;
    if (mode === "edit" && !base) return setError({ message: "Add a picture to edit first", param: "image", code: "missing_image" });
    const size = mode === "edit" && base ? base : chosenSize(model, form);
    setError(null);
    setCancelled(false);
    previews.clear();
    setPending({ startedAt: Date.now(), n: form.n >= 1 && form.n <= 10 ? form.n : 1, width: size.width, height: size.height, arrived: [] });
    if (mode === "edit") generation.generate(body, edit.starter(body, editable.mask));
    else generation.generate(body);
    reveal();
  }

  /** "Edit this image" on a result: Edit mode with that stored image, by id. */
  function editImage(image: ImageCardImage) {
    edit.replaceWith({ kind: "stored", imageId: image.id, key: image.id, src: sitePath(image.url), width: image.width, height: image.height, name: `image ${image.index + 1}` });
    switchMode("edit");
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  // Dropping an image with embedded settings (Darkroom's or A1111's) restores them into the form.
  async function restoreFrom(file: File | undefined) {
    if (!file) return;
    const read = await readDroppedImage(file);
    if ("error" in read) return setError({ message: read.error, param: null, code: "no_metadata" });
    const restored = settingsBody(read.settings, catalog.models.map((m) => m.id));
    setForm(readForm((key) => restored[key] ?? (key === "model" ? form.model : undefined), catalog));
    setError(null);
  }

  function applySettings(entry: HistoryEntry, seed: number | null) {
    setForm(readForm((key) => (key === "seed" ? seed : entry.body[key]), catalog));
    setError(null);
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  const nameOf = (provider: string) => model.providers.find((p) => p.id === provider)?.name ?? provider;
  const servingProvider = form.provider || estimate.data?.data?.provider || model.providers.find((p) => p.servesUnpinned)?.id || "";
  const fields: FieldGroupProps = {
    form,
    update,
    errorFor: (param) => (error && fieldOf(error.param) === param ? error.message : null),
    handlingOf: (param) => model.handling[param]?.[servingProvider],
    providerName: nameOf(servingProvider),
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
          // In Edit mode a picture dropped anywhere on the form is one to edit.
          if (mode === "edit") void edit.add([...e.dataTransfer.files]);
          else void restoreFrom(e.dataTransfer.files[0]);
        }}
        className="flex flex-col gap-5"
      >
        <ModeSwitch mode={mode} onChange={switchMode} />
        <ModelPicker
          models={models}
          model={model}
          provider={form.provider}
          error={fields.errorFor("provider")}
          onModelChange={(id) => {
            setForm((current) => fitToModel({ ...current, provider: "" }, catalog.models.find((m) => m.id === id)!));
            setError(null);
          }}
          onProviderChange={(provider) => update({ provider })}
        />
        {mode === "edit" ? (
          <EditPanel
            editable={editable}
            sources={edit.sources}
            error={edit.problem ?? fields.errorFor("image")}
            maskError={fields.errorFor("mask")}
            onAdd={(files) => {
              setError(null);
              void edit.add(files);
            }}
            onRemove={edit.remove}
            onMask={edit.onMask}
          />
        ) : null}
        <PromptFields {...fields} maxChars={model.promptMaxChars} />
        {mode === "generate" ? <SizeFields {...fields} model={model} /> : null}
        <CountSeedFields {...fields} maxSeed={catalog.maxSeed} />
        <OutputFields {...fields} formats={catalog.outputFormats} />
        <ModelOptions {...fields} model={model} />
        {mode === "generate" ? <MaxCostField {...fields} nameOf={nameOf} /> : null}
        <ActionBar estimate={estimate} model={model} running={generation.isPending} onCancel={generation.cancel} label={mode === "edit" ? "Edit" : "Generate"} />
      </form>

      <div className="flex min-w-0 flex-col gap-8 lg:sticky lg:top-16 lg:max-h-[calc(100dvh-5rem)] lg:self-start lg:overflow-y-auto">
        <ResultsPanel
          ref={results}
          pending={pending && generation.isPending ? pending : null}
          cancelled={cancelled}
          error={generalError}
          shown={shown}
          onUseSettings={applySettings}
          onEdit={editableIds.has(shown?.response.darkroom.model ?? "") ? editImage : undefined}
        />
        <HistoryStrip entries={history.entries} shownId={shown?.response.darkroom.id ?? null} onShow={setShownId} onClear={history.clear} />
        <CodePanel apiBase={catalog.apiBase} body={body} edit={mode === "edit" ? { images: edit.sources.length, mask: editable.mask && edit.sources.length > 0 } : undefined} />
      </div>
    </div>
  );
}
