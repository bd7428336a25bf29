import sharp from "sharp";
import type { ProviderOffer } from "@/lib/catalog/schema";
import { ProviderError, type ProviderErrorKind } from "@/lib/providers/errors";
import type { CallOptions, GenerateResult, ImageModel, Provider } from "@/lib/providers/types";

/** One scripted answer: an image, or a typed failure. */
export type Step = "ok" | { fail: ProviderErrorKind; status?: number; retryAfterMs?: number } | { delayMs: number; then?: Step } | "empty";

const png = sharp({ create: { width: 8, height: 8, channels: 3, background: "#336699" } }).png().toBuffer();

/** A provider whose calls follow a script (then repeat its last step), recording each call it gets. */
export function scriptedProvider(id: string, script: Step[]) {
  const calls: CallOptions[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (step: Step, options: CallOptions, signal: AbortSignal): Promise<GenerateResult> => {
    if (step === "ok") return { images: await Promise.all(Array.from({ length: options.n }, async () => ({ bytes: await png, mediaType: "image/png" }))), warnings: [], sent: {}, response: { status: 200 } };
    if (step === "empty") return { images: [], warnings: [], sent: {}, response: { status: 200 } };
    if ("delayMs" in step) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, step.delayMs);
        signal.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
      return run(step.then ?? "ok", options, signal);
    }
    throw new ProviderError({ provider: id, kind: step.fail, statusCode: step.status, retryAfterMs: step.retryAfterMs, message: `scripted ${step.fail}` });
  };
  const model = (offer: ProviderOffer): ImageModel => ({
    provider: id,
    modelId: offer.providerModelId,
    maxImagesPerCall: offer.maxImagesPerCall,
    async doGenerate(options, { signal }) {
      const step = script[Math.min(calls.length, script.length - 1)]!;
      calls.push(options);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await run(step, options, signal);
      } finally {
        inFlight--;
      }
    },
  });
  const provider: Provider = { id, name: id, simulated: false, imageModel: model };
  return { provider, calls, maxInFlight: () => maxInFlight };
}
