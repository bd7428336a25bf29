import { describe, expect, it, vi } from "vitest";
import { ProviderError } from "@/lib/providers/errors";
import { pollJob, type PollJobSpec } from "@/lib/providers/shared/poll-job";

type State = { done: boolean; n: number };

const transient = (retryAfterMs?: number) => new ProviderError({ provider: "p", kind: "unavailable", message: "blip", retryAfterMs });
const fatal = () => new ProviderError({ provider: "p", kind: "invalid_request", message: "bad" });

/** A job whose reads follow `script`: a State answers, an Error is thrown. */
function spec(script: (State | Error)[], overrides: Partial<PollJobSpec<string, State>> = {}) {
  const reads: number[] = [];
  const cancel = vi.fn(async (_job: string, _signal: AbortSignal): Promise<unknown> => undefined);
  const started = Date.now();
  const full: PollJobSpec<string, State> = {
    provider: "p",
    signal: new AbortController().signal,
    intervalMs: 5,
    toleratedFailures: 2,
    submit: async () => ({ job: "job-1" }),
    read: async () => {
      reads.push(Date.now() - started);
      const next = script.shift();
      if (!next) throw new Error("script exhausted");
      if (next instanceof Error) throw next;
      return next;
    },
    isDone: (state) => state.done,
    cancel,
    ...overrides,
  };
  return { full, reads, cancel };
}

describe("pollJob", () => {
  it("polls until the job is done and returns the job with its final state", async () => {
    const { full, reads, cancel } = spec([{ done: false, n: 1 }, { done: false, n: 2 }, { done: true, n: 3 }]);
    await expect(pollJob(full)).resolves.toEqual({ job: "job-1", state: { done: true, n: 3 } });
    expect(reads).toHaveLength(3);
    expect(cancel).not.toHaveBeenCalled();
  });

  it("returns without polling when the submit answer already says the job ended", async () => {
    const { full, reads } = spec([], { submit: async () => ({ job: "job-1", state: { done: true, n: 0 } }) });
    await expect(pollJob(full)).resolves.toEqual({ job: "job-1", state: { done: true, n: 0 } });
    expect(reads).toHaveLength(0);
  });

  it("tolerates consecutive transient failures up to the limit, and the count restarts after a good read", async () => {
    const { full } = spec([transient(), transient(), { done: false, n: 1 }, transient(), transient(), { done: true, n: 2 }]);
    await expect(pollJob(full)).resolves.toMatchObject({ state: { n: 2 } });
  });

  it("gives up after one failure more than tolerated and cancels the job", async () => {
    const { full, cancel } = spec([transient(), transient(), transient()]);
    await expect(pollJob(full)).rejects.toMatchObject({ kind: "unavailable", message: "blip" });
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(cancel.mock.calls[0]![0]).toBe("job-1");
  });

  it("fails at once on a failure that is not retryable", async () => {
    const { full, reads, cancel } = spec([fatal(), { done: true, n: 1 }]);
    await expect(pollJob(full)).rejects.toMatchObject({ kind: "invalid_request" });
    expect(reads).toHaveLength(1);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it("waits out Retry-After before the next read, but never less than the interval", async () => {
    const { full, reads } = spec([transient(80), { done: true, n: 1 }]);
    await pollJob(full);
    expect(reads[1]! - reads[0]!).toBeGreaterThanOrEqual(75);
  });

  it("rejects with a cancelled timeout error when the signal fires mid-poll, and cancels the job", async () => {
    const controller = new AbortController();
    const { full, cancel } = spec(
      Array.from({ length: 1000 }, (_, n) => ({ done: false, n })),
      { signal: controller.signal, intervalMs: 10 },
    );
    setTimeout(() => controller.abort(), 30);
    const error = await pollJob(full).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it("reports a deadline (TimeoutError) as a retryable timeout", async () => {
    const { full } = spec(
      Array.from({ length: 1000 }, (_, n) => ({ done: false, n })),
      { signal: AbortSignal.timeout(25), intervalMs: 10 },
    );
    await expect(pollJob(full)).rejects.toMatchObject({ kind: "timeout", retryable: true });
  });

  it("passes a submit failure through without polling or cancelling", async () => {
    const { full, reads, cancel } = spec([], { submit: async () => Promise.reject(fatal()) });
    await expect(pollJob(full)).rejects.toMatchObject({ kind: "invalid_request" });
    expect(reads).toHaveLength(0);
    expect(cancel).not.toHaveBeenCalled();
  });
});
