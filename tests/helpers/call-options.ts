import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { findModel, findOffer, type ProviderOffer } from "@/lib/catalog";
import { ProviderError } from "@/lib/providers/errors";
import type { CallOptions } from "@/lib/providers/types";

/** A full `CallOptions` for a plain 1024×1024 request; pass what a test file or case needs to differ. */
export function callOptions(overrides: Partial<CallOptions> = {}): CallOptions {
  return {
    prompt: "a lighthouse at dusk",
    negativePrompt: undefined,
    n: 1,
    seed: 42,
    seedExplicit: false,
    aspectRatio: "1:1",
    tier: "1K",
    width: 1024,
    height: 1024,
    outputFormat: undefined,
    outputCompression: undefined,
    quality: undefined,
    style: undefined,
    thinking: undefined,
    enhancePrompt: undefined,
    user: undefined,
    extra: {},
    ...overrides,
  };
}

/** The catalog offer of `provider` for `modelId`; throws when the catalog has none. */
export function catalogOffer(modelId: string, provider: string): ProviderOffer {
  const model = findModel(modelId);
  const found = model && findOffer(model, provider);
  if (!found) throw new Error(`no ${provider} offer for ${modelId}`);
  return found;
}

/** Awaits a call that must fail and returns its `ProviderError`. */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Starts a fake server once for the file, resets it before each test and closes it at the end. */
export function useFake<F extends { reset(): void; close(): Promise<void> }>(start: () => Promise<F>): void {
  let fake: F | undefined;
  beforeAll(async () => {
    fake = await start();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake!.reset());
}
