import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkKey, createKey, listKeys, revokeKey } from "@/lib/services/api-keys";
import { memoryDb } from "./pglite";

let close: () => Promise<void>;
let prisma: Awaited<ReturnType<typeof memoryDb>>["prisma"];

beforeAll(async () => {
  ({ prisma, close } = await memoryDb());
});
afterAll(() => close());

describe("virtual API keys", () => {
  it("shows the key once and stores only its sha256 and display prefix", async () => {
    const { key, row } = await createKey({ name: "ci", monthlyBudgetUsd: 5, rateLimitPerMinute: 10 });
    expect(key).toMatch(/^dk_[A-Za-z0-9_-]{43}$/);
    expect(row.prefix).toBe(key.slice(3, 11));
    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: row.id } });
    expect(JSON.stringify(stored)).not.toContain(key.slice(3));
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("authenticates a valid key and records when it was last used", async () => {
    const { key, row } = await createKey({ name: "app" });
    const check = await checkKey(key);
    expect(check).toMatchObject({ ok: true, key: { id: row.id } });
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
  });

  it("refuses unknown, revoked and expired keys at once", async () => {
    expect(await checkKey("dk_nope")).toEqual({ ok: false, reason: "unknown" });
    const { key, row } = await createKey({ name: "gone" });
    expect(await revokeKey(row.id)).toBe(true);
    expect(await checkKey(key)).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeKey("key_missing")).toBe(false);
    const soon = await createKey({ name: "soon", expiresAt: new Date(Date.now() + 60_000) });
    expect((await checkKey(soon.key)).ok).toBe(true);
    expect(await checkKey(soon.key, new Date(Date.now() + 120_000))).toEqual({ ok: false, reason: "expired" });
  });

  it("lists keys without hashes, with this month's spend from their generations", async () => {
    const { row } = await createKey({ name: "spender" });
    const gen = (id: string, createdAt: Date, costUsd: number) =>
      prisma.generation.create({
        data: { id, createdAt, status: "succeeded", source: "api", model: "m", provider: "p", prompt: "p", seed: 1n, n: 1, request: {}, normalized: {}, ledger: [], costUsd, latencyMs: 1 },
      });
    const now = new Date();
    await gen("gen_this_month", now, 0.25);
    await gen("gen_last_month", new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)), 1);
    await prisma.generationKey.createMany({ data: [{ generationId: "gen_this_month", apiKeyId: row.id }, { generationId: "gen_last_month", apiKeyId: row.id }] });
    const listed = (await listKeys()).find((k) => k.id === row.id)!;
    expect(listed.spendThisMonthUsd).toBeCloseTo(0.25);
    expect(listed).not.toHaveProperty("hash");
  });
});
