import { AsyncResource } from "node:async_hooks";
import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from "cockatiel";
import { ProviderError } from "@/lib/providers/errors";

/**
 * One concurrency limit per provider, so a slow provider cannot tie up every request of the server:
 * calls beyond `limit` wait in a bounded queue; beyond that they are refused (and fall back).
 */
export class Bulkheads {
  private readonly policies = new Map<string, BulkheadPolicy>();

  constructor(
    private readonly limit: number,
    private readonly queue: number,
  ) {}

  async run<T>(provider: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let policy = this.policies.get(provider);
    if (!policy) {
      policy = bulkhead(this.limit, this.queue);
      this.policies.set(provider, policy);
    }
    try {
      // Bound to the caller's async context: a queued call runs when another call's slot frees, and must
      // still see its own generation's context (the submitted provider jobs of a resumed run).
      return await policy.execute(AsyncResource.bind(fn), signal);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        throw new ProviderError({
          provider,
          kind: "unavailable",
          message: `${provider} already has ${this.limit} calls in flight and ${this.queue} waiting (DARKROOM_PROVIDER_CONCURRENCY)`,
        });
      }
      throw error;
    }
  }
}
