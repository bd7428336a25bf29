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
      return await policy.execute(fn, signal);
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
