import { describe, expect, it } from "vitest";
import { releaseLease, tryLease } from "@/lib/db/leases";
import { useInProcessApp } from "../../helpers/in-process";

useInProcessApp();

describe("leases", () => {
  it("one holder at a time; a lease that ran out is taken over; release frees it", async () => {
    expect(await tryLease({ key: "k", holder: "a", ttlMs: 60_000 })).toBe(true);
    expect(await tryLease({ key: "k", holder: "b", ttlMs: 60_000 })).toBe(false);
    expect(await tryLease({ key: "k", holder: "a", ttlMs: 60_000 })).toBe(true);
    await releaseLease({ key: "k", holder: "b" });
    expect(await tryLease({ key: "k", holder: "b", ttlMs: 60_000 })).toBe(false);
    await releaseLease({ key: "k", holder: "a" });
    expect(await tryLease({ key: "k", holder: "b", ttlMs: 1 })).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await tryLease({ key: "k", holder: "c", ttlMs: 60_000 })).toBe(true);
  });
});
