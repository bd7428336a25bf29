import type { AttemptRecord } from "./attempt";

export interface BreakerSettings {
  /** Attempts considered per provider. */
  window: number;
  /** Fewer recent attempts than this never open the breaker. */
  minimumAttempts: number;
  /** Share of failures in the window that opens it. */
  failureRatio: number;
  cooldownMs: number;
}

/**
 * What health is tracked per: the provider, except the simulator, which stands in for a different upstream
 * per model (a model made to fail on purpose must not bench every other simulated model).
 */
export function healthKey(offer: { provider: string; providerModelId: string }): string {
  return offer.provider === "local" ? `local/${offer.providerModelId}` : offer.provider;
}

export const DEFAULT_BREAKER: BreakerSettings = { window: 20, minimumAttempts: 5, failureRatio: 0.5, cooldownMs: 30_000 };

type Sample = Pick<AttemptRecord, "status" | "errorKind" | "httpStatus" | "latencyMs" | "startedAt">;

export interface ProviderHealth {
  state: "closed" | "open" | "half-open";
  failureRatio: number;
  attempts: number;
  p50LatencyMs?: number;
  openUntil?: Date;
  reason?: string;
}

// Only failures that say something about the provider count against it: a refused prompt or a bad
// parameter is the caller's doing.
const PROVIDER_FAULTS = new Set(["timeout", "unavailable", "rate_limit", "upstream", "auth"]);

/**
 * Recent health per provider, rebuilt from the persisted Attempt records at start and fed every new
 * attempt, so breaker state and latency stats survive restarts. The circuit breaker is written here
 * rather than with cockatiel's because its state must be derived from those records, not from calls
 * made by this process.
 */
export class HealthBook {
  private readonly samples = new Map<string, Sample[]>();
  private readonly probing = new Set<string>();

  constructor(
    private readonly settings: BreakerSettings = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  /** Oldest first. */
  load(attempts: (Sample & { provider: string; providerModelId: string })[]): void {
    for (const a of attempts) this.record(healthKey(a), a);
  }

  record(provider: string, sample: Sample): void {
    const list = this.samples.get(provider) ?? [];
    list.push(sample);
    if (list.length > this.settings.window) list.splice(0, list.length - this.settings.window);
    this.samples.set(provider, list);
    this.probing.delete(provider);
  }

  health(provider: string): ProviderHealth {
    const list = this.samples.get(provider) ?? [];
    const faults = list.filter((s) => s.status === "failed" && PROVIDER_FAULTS.has(s.errorKind ?? ""));
    const successes = list.filter((s) => s.status === "succeeded");
    const latencies = successes.map((s) => s.latencyMs).sort((a, b) => a - b);
    const p50LatencyMs = latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)] : undefined;
    const failureRatio = list.length ? faults.length / list.length : 0;
    const last = list.at(-1);
    const base = { failureRatio, attempts: list.length, p50LatencyMs };
    let reason: string | undefined;
    if (last?.status === "failed" && last.errorKind === "auth") reason = "it rejected the gateway's credentials";
    else if (list.length >= this.settings.minimumAttempts && failureRatio >= this.settings.failureRatio) {
      reason = `${faults.length} of its last ${list.length} calls failed`;
    }
    if (!reason || !last) return { state: "closed", ...base };
    const openUntil = new Date(last.startedAt.getTime() + last.latencyMs + this.settings.cooldownMs);
    if (openUntil.getTime() > this.now()) return { state: "open", openUntil, reason, ...base };
    return { state: "half-open", reason, ...base };
  }

  /**
   * Whether a call may go to the provider now: always when closed, never while open, and one probe at a
   * time once the cooldown has passed (its outcome closes or re-opens the breaker).
   */
  admit(provider: string): { admitted: boolean; health: ProviderHealth } {
    const health = this.health(provider);
    if (health.state === "closed") return { admitted: true, health };
    if (health.state === "open" || this.probing.has(provider)) return { admitted: false, health };
    this.probing.add(provider);
    return { admitted: true, health };
  }
}
