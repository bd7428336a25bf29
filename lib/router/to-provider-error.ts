import { ProviderError } from "@/lib/providers/errors";

/** Anything an adapter throws becomes a ProviderError, so fallback logic reads one shape. */
export function toProviderError(error: unknown, provider: string, timedOut: boolean): ProviderError {
  if (error instanceof ProviderError) return error;
  if (timedOut) {
    return new ProviderError({ provider, kind: "timeout", message: `${provider} did not answer in time`, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError({ provider, kind: "unavailable", message: `${provider} could not be reached: ${message}`, cause: error });
}
