import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { findModel, listModels, parseModelAddress, type CatalogModel, type ProviderOffer } from "@/lib/catalog";
import { saveGenerationInputs, type NewGenerationInput } from "@/lib/db/generation-inputs";
import { invalidRequest } from "@/lib/generation/errors";
import { newId } from "@/lib/ids";
import { nearestRatio, tierRatios } from "@/lib/params/sizes";
import type { EditInputs } from "@/lib/providers/types";
import { serverContext } from "@/lib/server/context";
import { budgetedGenerate, budgetedStartAsync, type KeyedInput } from "./budgeted-generate";
import type { Prepared } from "./claim";
import type { EditPlan } from "./edit-plan";
import { loadEditInputs, type EditImageRef, type LoadedInput } from "./edit-inputs";
import type { GenerationResult } from "./generate";

export { EDIT_LIMITS, type EditImageRef } from "./edit-inputs";

export interface EditInput extends Omit<KeyedInput, "body" | "edit"> {
  images: EditImageRef[];
  mask?: EditImageRef;
  /**
   * Who asks: a gallery image (`{imageId}`) is only used when they may open it. Without a viewer, the
   * `owner` stands in: only images of generations it owns (no owner at all: local mode or an operator).
   */
  viewer?: Viewer;
  /** The JSON parameters of POST /v1/images/generations (prompt, model, n, size, seed, …) plus input_fidelity. */
  body: Record<string, unknown>;
  /** A stream's partial_images (1–3): drafts from providers that stream them (OpenAI) go to `onPartial`. */
  partials?: EditInputs["partials"];
}

export interface EditableModel {
  id: string;
  name: string;
  providers: string[];
  maxInputImages: number;
  mask: boolean;
}

const editOffers = (model: CatalogModel) => model.providers.filter((o) => o.edit);

/** Models with at least one provider that edits, for pickers and error messages. */
export function listEditableModels(): EditableModel[] {
  return listModels().flatMap((model) => {
    const offers = editOffers(model);
    if (offers.length === 0) return [];
    return [{ id: model.id, name: model.name, providers: offers.map((o) => o.provider), maxInputImages: Math.max(...offers.map((o) => o.edit!.maxInputImages)), mask: offers.some((o) => o.edit!.mask) }];
  });
}

const realEditable = () => listEditableModels().filter((m) => m.providers.some((p) => p !== "local")).map((m) => m.id);

function notEditable(what: string) {
  const editable = realEditable();
  return invalidRequest(`${what} cannot edit images. Models that can: ${editable.join(", ")}`, "model", "model_not_editable", { editable_models: editable });
}

/** Refuses a model (or pinned provider) that cannot edit before any picture is decoded or stored. */
export function editableModel(body: Record<string, unknown>): CatalogModel | undefined {
  const address = typeof body.model === "string" && body.model.trim() ? body.model.trim() : serverContext().defaultModel;
  const { provider, modelId } = parseModelAddress(address);
  const model = findModel(modelId);
  if (!model) return undefined; // the normalizer answers an unknown model (or alias) with its own 404
  const offers = editOffers(model).filter((o) => provider === undefined || o.provider === provider);
  if (offers.length === 0) throw notEditable(provider ? `${provider}/${model.id}` : model.id);
  return model;
}

/** The narrowest viewer an owner stands for: its user, else its key, else (nobody) the operator. */
function viewerOfOwner(owner: { userId?: string; apiKeyId?: string } | undefined): Viewer {
  if (owner?.userId) return { kind: "user", userId: owner.userId, email: "", name: "", role: "member" };
  if (owner?.apiKeyId) return { kind: "key", apiKeyId: owner.apiKeyId };
  return { kind: "operator" };
}

const FIDELITY = ["high", "low"] as const;

export function inputFidelity(value: unknown): EditInputs["inputFidelity"] {
  if (value === undefined || value === null) return undefined;
  const found = FIDELITY.find((f) => f === value);
  if (!found) throw invalidRequest("input_fidelity must be high or low", "input_fidelity", "invalid_value");
  return found;
}

/**
 * Without size or aspect_ratio the output keeps the first picture's shape (OpenAI's size "auto"): the
 * nearest ratio the model offers at its default tier.
 */
export function withInputShape(body: Record<string, unknown>, model: CatalogModel | undefined, first: { width: number; height: number }): Record<string, unknown> {
  const sized = (body.size !== undefined && body.size !== null && body.size !== "auto") || (body.aspect_ratio !== undefined && body.aspect_ratio !== null);
  if (sized || !model) return body;
  const { size: _auto, ...rest } = body;
  return { ...rest, aspect_ratio: nearestRatio(first.width / first.height, tierRatios(model, model.defaultTier)) };
}

export function fits(offer: ProviderOffer, images: number, masked: boolean): boolean {
  return Boolean(offer.edit && offer.edit.maxInputImages >= images && (!masked || offer.edit.mask));
}

/** Keeps the offers that can edit these inputs, in the router's order; none left is a 400 saying why. */
export function restrictTo(prepared: Prepared, inputs: EditInputs): void {
  const { req, candidates } = prepared;
  const masked = inputs.mask !== undefined;
  const kept = candidates.offers.filter((o) => fits(o, inputs.images.length, masked));
  if (kept.length === 0) {
    const editing = candidates.offers.filter((o) => o.edit);
    if (editing.length === 0) {
      const editors = editOffers(req.model).map((o) => o.provider).join(", ");
      throw invalidRequest(`No configured provider of ${req.model.id} that can take this request edits images; configure one of: ${editors} (GET /v1/providers)`, "model", "no_edit_provider_configured");
    }
    const most = Math.max(...editing.map((o) => o.edit!.maxInputImages));
    if (most < inputs.images.length) {
      throw invalidRequest(`${req.model.id} takes at most ${most} input image(s) here; ${inputs.images.length} were sent`, "image", "too_many_images");
    }
    const withMask = listEditableModels().filter((m) => m.mask && m.providers.some((p) => p !== "local")).map((m) => m.id);
    throw invalidRequest(`No configured provider of ${req.model.id} honours a mask. Models that do: ${withMask.join(", ")}`, "mask", "mask_not_supported", { mask_models: withMask });
  }
  candidates.offers = kept;
  req.edit = inputs;
}

const inputRow = (input: LoadedInput, position: number, role: "image" | "mask"): NewGenerationInput => ({
  id: newId("inp"),
  position,
  role,
  storageKey: input.storageKey,
  sha256: input.sha256,
  format: input.format,
  width: input.width,
  height: input.height,
  bytes: input.bytes.byteLength,
  sourceImageId: input.sourceImageId,
  sourceGenerationId: input.sourceGenerationId,
});

function planOf(loaded: { images: LoadedInput[]; mask?: LoadedInput }, fidelity: EditInputs["inputFidelity"], partials: EditInputs["partials"]): EditPlan {
  const strip = ({ bytes, mediaType, width, height }: LoadedInput) => ({ bytes, mediaType, width, height });
  const inputs: EditInputs = { images: loaded.images.map(strip), mask: loaded.mask && strip(loaded.mask), inputFidelity: fidelity, ...(partials ? { partials } : {}) };
  const rows = [...loaded.images.map((image, i) => inputRow(image, i, "image")), ...(loaded.mask ? [inputRow(loaded.mask, 0, "mask")] : [])];
  return {
    digest: rows.map((r) => `${r.role}:${r.sha256}`).join(",") + (fidelity ? `;fidelity:${fidelity}` : ""),
    restrict: (prepared) => restrictTo(prepared, inputs),
    record: (generationId) => saveGenerationInputs({ generationId, inputs: rows, parentGenerationId: loaded.images[0]!.sourceGenerationId }),
  };
}

/**
 * POST /v1/images/edits and the playground's Edit mode: checks and stores the pictures, then routes like a
 * generation (fallback, attempts, cost, ledger, budget) over the offers that can edit them.
 */
export async function editImages(input: EditInput): Promise<GenerationResult> {
  const { images, mask, body: raw, viewer, partials, ...rest } = input;
  const { input_fidelity: fidelityValue, ...body } = raw;
  const fidelity = inputFidelity(fidelityValue);
  const model = editableModel(body);
  const loaded = await loadEditInputs(images, mask, { storage: serverContext().storage, viewer: viewer ?? viewerOfOwner(rest.owner) });
  return budgetedGenerate({ ...rest, body: withInputShape(body, model, loaded.images[0]!), edit: planOf(loaded, fidelity, partials) });
}

/**
 * Prefer: respond-async on /v1/images/edits: the pictures are checked and stored and the row written before
 * the 202; the queued job reads them back (lib/services/edit-resume). input_fidelity stays in the stored request for it.
 */
export async function startAsyncEdit(input: EditInput): Promise<{ id: string; replayed: boolean }> {
  const { images, mask, body, viewer, partials: _none, ...rest } = input;
  const fidelity = inputFidelity(body.input_fidelity);
  const model = editableModel(body);
  const loaded = await loadEditInputs(images, mask, { storage: serverContext().storage, viewer: viewer ?? viewerOfOwner(rest.owner) });
  return budgetedStartAsync({ ...rest, body: withInputShape(body, model, loaded.images[0]!), edit: planOf(loaded, fidelity, undefined) });
}
