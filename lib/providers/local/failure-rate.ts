/**
 * DARKROOM_SIMULATOR_FAILURE_RATE: a probability for every model ("0.2"), or per model with an
 * optional default ("flux-schnell=1,0.1"), so one target of a comparison can be made to fail.
 */
export function parseFailureRate(spec: string): (modelId: string) => number {
  let fallback = 0;
  const perModel = new Map<string, number>();
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.includes("=") ? part.split("=", 2) : [undefined, part];
    const rate = Number(value);
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new Error(`failure rate '${part}' must be between 0 and 1`);
    if (key === undefined) fallback = rate;
    else perModel.set(key.trim(), rate);
  }
  return (modelId) => perModel.get(modelId) ?? fallback;
}
