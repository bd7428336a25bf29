import { ERROR_KINDS } from "@/lib/providers/errors";
import type { AttemptRecord } from "@/lib/generation/attempt";

export interface BreakerSettings {
  /** Attempts considered per endpoint, at most (counted since the circuit last closed). */
  window: number;
  /** Fewer attempts than this never open the breaker. */
  minimumAttempts: number;
  /** Share of provider faults among them that opens it. */
  failureRatio: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = { window: 20, minimumAttempts: 5, failureRatio: 0.5, cooldownMs: 30_000 };

/** Health is tracked per provider and model endpoint: one endpoint's outage does not bench the others. */
export const healthKey = (offer: { provider: string; providerModelId: string }): string => `${offer.provider}/${offer.providerModelId}`;

type Sample = Pick<AttemptRecord, "status" | "errorKind" | "httpStatus" | "latencyMs" | "startedAt">;

export interface ProviderHealth {
  state: "closed" | "open" | "half-open";
  failureRatio: number;
  attempts: number;
  p50LatencyMs?: number;
  openUntil?: Date;
  reason?: string;
}

export interface BreakerTransition {
  key: string;
  from: ProviderHealth["state"];
  to: "open" | "closed";
  reason?: string;
  openUntil?: Date;
}

interface Circuit {
  /** Attempts since the circuit last closed, newest last. */
  samples: Sample[];
  latencies: number[];
  openUntil?: number;
  reason?: string;
  probing: boolean;
}

const isFault = (s: Sample) => s.status === "failed" && s.errorKind !== undefined && ERROR_KINDS[s.errorKind].countsAgainstHealth;
// A caller's cancel (or the gateway's deadline) says nothing about the provider.
const isNeutral = (s: Sample) => s.status === "cancelled" || s.errorKind === "cancelled";
const providerOf = (key: string) => key.split("/")[0]!;
const SEEN_LIMIT = 10_000;

/**
 * Circuit breakers per provider endpoint (and per provider, for faults such as rejected credentials that
 * bench all of its endpoints). Closed: calls go through while the fault ratio since it last closed stays low.
 * Open: no calls until the cooldown has passed. Half-open: one probe at a time; an answer closes the circuit,
 * a fault re-opens it. Hand-written rather than cockatiel's because it is fed the persisted attempt records.
 */
export class HealthBook {
  private readonly circuits = new Map<string, Circuit>();
  /** Ids of the attempts fed so far (newest last, bounded): the same attempt read again is not counted twice. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly settings: BreakerSettings = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
    private readonly onTransition?: (transition: BreakerTransition) => void,
  ) {}

  /**
   * Oldest first: the attempts at start, and those other instances recorded since (lib/services/health-sync),
   * so a breaker opened by failures seen on one instance opens on every instance.
   */
  load(attempts: (Sample & { id?: string; provider: string; providerModelId: string })[]): void {
    for (const a of attempts) this.recordAttempt(a, a);
  }

  /** Feeds an attempt of an offer to its endpoint's circuit, and credential faults to the provider's. */
  recordAttempt(offer: { provider: string; providerModelId: string }, sample: Sample & { id?: string }): void {
    if (sample.id !== undefined) {
      if (this.seen.has(sample.id)) return;
      this.seen.add(sample.id);
      if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    }
    this.record(healthKey(offer), sample);
    const provider = this.circuits.get(offer.provider);
    const providerWide = sample.status === "failed" && sample.errorKind === "auth";
    if (providerWide || (provider && this.ownState(provider) !== "closed")) this.record(offer.provider, sample);
  }

  record(key: string, sample: Sample): void {
    const circuit = this.circuit(key);
    if (isNeutral(sample)) {
      circuit.probing = false;
      return;
    }
    if (sample.status === "succeeded") circuit.latencies = [...circuit.latencies, sample.latencyMs].slice(-this.settings.window);
    const before = this.ownState(circuit);
    if (before !== "closed" && !isFault(sample)) return this.close(key, circuit, before, sample);
    circuit.samples.push(sample);
    if (circuit.samples.length > this.settings.window) circuit.samples.splice(0, circuit.samples.length - this.settings.window);
    circuit.probing = false;
    const reason = this.faultReason(circuit);
    if (reason && (before !== "closed" || isFault(sample))) this.open(key, circuit, before, sample, reason);
  }

  /** Every endpoint key (`provider/model`) seen so far, for metrics. */
  endpoints(): string[] {
    return [...this.circuits.keys()].filter((k) => k.includes("/"));
  }

  /** An endpoint's health, bounded by its provider's; a provider's, bounded by its worst endpoint's. */
  health(key: string): ProviderHealth {
    const related = key.includes("/")
      ? [key, providerOf(key)]
      : [key, ...[...this.circuits.keys()].filter((k) => k.startsWith(`${key}/`))];
    const views = related.map((k) => this.ownHealth(this.circuit(k)));
    const rank = { closed: 0, "half-open": 1, open: 2 };
    const worst = views.reduce((w, h) => (rank[h.state] > rank[w.state] ? h : w));
    return { ...worst, p50LatencyMs: views.find((h) => h.p50LatencyMs !== undefined)?.p50LatencyMs };
  }

  /**
   * Whether a call may go to the endpoint now: always when closed, never while open, and one probe at a
   * time once the cooldown has passed (its outcome closes or re-opens the circuit).
   */
  admit(key: string): { admitted: boolean; health: ProviderHealth } {
    const health = this.health(key);
    if (health.state === "closed") return { admitted: true, health };
    const keys = key.includes("/") ? [key, providerOf(key)] : [key];
    const blocking = keys.map((k) => this.circuit(k)).filter((c) => this.ownState(c) !== "closed");
    if (health.state === "open" || blocking.some((c) => c.probing)) return { admitted: false, health };
    for (const c of blocking) c.probing = true;
    return { admitted: true, health };
  }

  private circuit(key: string): Circuit {
    let circuit = this.circuits.get(key);
    if (!circuit) this.circuits.set(key, (circuit = { samples: [], latencies: [], probing: false }));
    return circuit;
  }

  private ownState(c: Circuit): ProviderHealth["state"] {
    if (c.openUntil === undefined) return "closed";
    return c.openUntil > this.now() ? "open" : "half-open";
  }

  private ownHealth(c: Circuit): ProviderHealth {
    const faults = c.samples.filter(isFault).length;
    const latencies = [...c.latencies].sort((a, b) => a - b);
    const p50LatencyMs = latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)] : undefined;
    const base = { failureRatio: c.samples.length ? faults / c.samples.length : 0, attempts: c.samples.length, p50LatencyMs };
    const state = this.ownState(c);
    if (state === "closed") return { state, ...base };
    return { state, reason: c.reason, ...(state === "open" ? { openUntil: new Date(c.openUntil!) } : {}), ...base };
  }

  private faultReason(c: Circuit): string | undefined {
    const last = c.samples.at(-1);
    if (last?.status === "failed" && last.errorKind === "auth") return "it rejected the gateway's credentials";
    const faults = c.samples.filter(isFault).length;
    if (c.samples.length >= this.settings.minimumAttempts && faults / c.samples.length >= this.settings.failureRatio) {
      return `${faults} of its last ${c.samples.length} calls failed`;
    }
    return undefined;
  }

  private open(key: string, c: Circuit, from: ProviderHealth["state"], last: Sample, reason: string): void {
    c.openUntil = last.startedAt.getTime() + last.latencyMs + this.settings.cooldownMs;
    c.reason = reason;
    this.onTransition?.({ key, from, to: "open", reason, openUntil: new Date(c.openUntil) });
  }

  private close(key: string, c: Circuit, from: ProviderHealth["state"], sample: Sample): void {
    Object.assign(c, { samples: [sample], openUntil: undefined, reason: undefined, probing: false });
    this.onTransition?.({ key, from, to: "closed" });
  }
}
