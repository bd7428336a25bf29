import type { ParamMode, ProviderOffer, PublicParam } from "@/lib/catalog/schema";
import type { NormalizedRequest } from "./normalize";
import type { Warning } from "./warning";

export interface LedgerEntry {
  param: string;
  requested: unknown;
  sent: unknown;
  handling: ParamMode;
  wire?: string;
  note?: string;
}

/** The gateway's own value for each public parameter, before any provider renames it. */
function normalizedValue(req: NormalizedRequest, param: PublicParam): unknown {
  switch (param) {
    case "prompt": return req.prompt;
    case "negative_prompt": return req.negativePrompt;
    case "seed": return req.seed;
    case "n": return req.n;
    case "size": return { aspect_ratio: req.size.aspectRatio, resolution: req.size.tier, pixels: `${req.size.width}x${req.size.height}` };
    case "response_format": return req.responseFormat;
    case "output_format": return req.outputFormat;
    case "output_compression": return req.outputCompression;
    case "quality": return req.quality;
    case "style": return req.style;
    case "thinking": return req.thinking;
    case "enhance_prompt": return req.enhancePrompt;
    case "user": return req.user;
  }
}

const SIZE_KEYS = ["size", "aspect_ratio", "resolution"] as const;

/**
 * For every parameter the caller gave (plus the ones the gateway always decides: seed, n, size), what
 * was asked, what went to the provider, and how it was handled.
 */
export function buildLedger(
  req: NormalizedRequest,
  offer: ProviderOffer,
  sent: Partial<Record<PublicParam, unknown>>,
  emulatedN: boolean,
  warnings: Warning[],
): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  if (req.modelAlias) {
    const sent = req.pinnedProvider ? `${req.pinnedProvider}/${req.model.id}` : req.model.id;
    entries.push({ param: "model", requested: req.modelAlias.requested, sent, handling: "converted", note: req.modelAlias.note });
  }
  const asked = req.requested;
  const params: PublicParam[] = ["prompt", "negative_prompt", "seed", "n", "size", "response_format", "output_format", "output_compression", "quality", "style", "thinking", "enhance_prompt", "user"];
  for (const param of params) {
    const requested =
      param === "size"
        ? Object.fromEntries(SIZE_KEYS.filter((k) => asked[k] !== undefined).map((k) => [k, asked[k]]))
        : param === "thinking"
          ? (asked.thinking ?? asked.thinking_level)
          : asked[param];
    const hasRequest = requested !== undefined && !(typeof requested === "object" && requested !== null && Object.keys(requested).length === 0);
    if (!hasRequest && !["prompt", "seed", "n", "size"].includes(param)) continue;
    const support = offer.params[param] ?? { mode: "unsupported" as const };
    let handling: ParamMode = support.mode;
    if (param === "n" && emulatedN) handling = "emulated";
    const value = handling === "unsupported" || handling === "emulated" ? (sent[param] ?? null) : (sent[param] ?? normalizedValue(req, param) ?? null);
    entries.push({
      param,
      requested: hasRequest ? requested : null,
      sent: value,
      handling,
      ...(support.wire ? { wire: support.wire } : {}),
      ...(support.note ? { note: support.note } : {}),
    });
  }
  // An adapter that cannot pass an unknown parameter on says so in a warning; the ledger must agree.
  const dropped = new Set(warnings.filter((w) => w.type === "unsupported" || w.type === "adjusted").map((w) => w.param));
  for (const [param, value] of Object.entries(req.extra)) {
    entries.push(
      dropped.has(param)
        ? { param, requested: value, sent: null, handling: "unsupported", note: `${offer.provider} does not accept it` }
        : { param, requested: value, sent: value, handling: "passthrough", note: "unknown to the gateway; passed to the provider as given" },
    );
  }
  return entries;
}
