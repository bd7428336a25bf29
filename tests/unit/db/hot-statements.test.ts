import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/config/env";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client.ts";
import { executeHot, poolRunner, registerHotRunner } from "@/lib/db/hot-statements";
import { memoryDb } from "../keys/pglite";

let prisma: PrismaClient;
let close: () => Promise<void>;

beforeAll(async () => {
  delete process.env.DATABASE_URL;
  resetEnvForTests();
  ({ prisma, close } = await memoryDb());
  await prisma.$executeRawUnsafe(`CREATE TABLE hot (id text PRIMARY KEY, flag boolean, big bigint, at timestamp(3), note text, doc jsonb)`);
}, 120_000);
afterAll(() => close());

describe("executeHot on embedded PGlite (one batched exchange)", () => {
  it("writes every parameter type as $executeRaw would and returns the rows it changed", async () => {
    const at = new Date("2026-12-04T01:02:03.456Z");
    const doc = JSON.stringify({ quote: "it's \"fine\"", unicode: "éclairé ✓" });
    expect(await executeHot(prisma, Prisma.sql`INSERT INTO hot VALUES (${"a"}, ${true}, ${BigInt("9007199254740993")}, ${at}, ${null}, ${doc}::jsonb)`)).toBe(1);
    expect(await executeHot(prisma, Prisma.sql`INSERT INTO hot VALUES (${"b"}, ${false}, ${7}, ${at.toISOString()}::timestamp(3), ${"x"}, ${"[]"}::jsonb)`)).toBe(1);
    expect(await executeHot(prisma, Prisma.sql`INSERT INTO hot (id) VALUES (${"a"}) ON CONFLICT (id) DO NOTHING`)).toBe(0);
    expect(await executeHot(prisma, Prisma.sql`UPDATE hot SET note = ${"both"} WHERE id = ANY(${["a", "b"]}::text[])`)).toBe(2);
    expect(await executeHot(prisma, Prisma.sql`UPDATE hot SET note = note WHERE id = ANY(${['say "hi"', "back\\slash", null, "a"]}::text[])`)).toBe(1);
    const rows = await prisma.$queryRaw<{ id: string; flag: boolean; big: bigint; at: Date; note: string; doc: unknown }[]>`SELECT * FROM hot ORDER BY id`;
    expect(rows.map((r) => [r.id, r.flag, String(r.big), r.at.toISOString(), r.note])).toEqual([
      ["a", true, "9007199254740993", at.toISOString(), "both"],
      ["b", false, "7", at.toISOString(), "both"],
    ]);
    expect(rows[0]!.doc).toEqual(JSON.parse(doc));
  });

  it("throws the database's error for a failing statement and leaves the connection usable", async () => {
    await expect(executeHot(prisma, Prisma.sql`INSERT INTO hot (id) VALUES (${null})`)).rejects.toThrow(/null value/);
    await expect(executeHot(prisma, Prisma.sql`INSERT INTO missing_table VALUES (${1})`)).rejects.toThrow(/missing_table/);
    expect(await executeHot(prisma, Prisma.sql`INSERT INTO hot (id) VALUES (${"c"})`)).toBe(1);
    const [row] = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM hot`;
    expect(Number(row!.count)).toBe(3);
  });

  it("never runs inside another caller's transaction", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = prisma.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO hot (id) VALUES ('in-tx')`;
      await held;
      throw new Error("roll back");
    });
    // Started while the transaction is open: it must wait, and its row must survive the rollback.
    const hot = executeHot(prisma, Prisma.sql`INSERT INTO hot (id) VALUES (${"outside"})`);
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect(transaction).rejects.toThrow("roll back");
    expect(await hot).toBe(1);
    const ids = (await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM hot WHERE id IN ('in-tx', 'outside')`).map((r) => r.id);
    expect(ids).toEqual(["outside"]);
  });
});

const postgresUrl = process.env.DARKROOM_TEST_POSTGRES_URL;

describe.runIf(postgresUrl)("executeHot on PostgreSQL (the adapter's pool, one round trip)", () => {
  it("writes the same parameter types and reports the same counts", async () => {
    const pg = await import("pg");
    const pool = new pg.default.Pool({ connectionString: postgresUrl, max: 2 });
    const table = `hot_${process.pid}_${Date.now()}`;
    const client = { $executeRaw: () => Promise.reject(new Error("not through Prisma")) };
    registerHotRunner(client, poolRunner(pool));
    try {
      await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, flag boolean, big bigint, at timestamp(3), note text, doc jsonb)`);
      const at = new Date("2026-12-04T01:02:03.456Z");
      const insert = (id: string) => Prisma.sql`INSERT INTO ${Prisma.raw(table)} VALUES (${id}, ${true}, ${BigInt("9007199254740993")}, ${at}, ${null}, ${'{"a":1}'}::jsonb)`;
      expect(await executeHot(client, insert("a"))).toBe(1);
      expect(await executeHot(client, Prisma.sql`INSERT INTO ${Prisma.raw(table)} (id) VALUES (${"a"}) ON CONFLICT (id) DO NOTHING`)).toBe(0);
      expect(await executeHot(client, Prisma.sql`UPDATE ${Prisma.raw(table)} SET note = ${"x"} WHERE id = ANY(${['say "hi"', "a"]}::text[])`)).toBe(1);
      const { rows } = await pool.query(`SELECT id, flag, big::text AS big, at, note, doc FROM ${table}`);
      expect(rows).toEqual([{ id: "a", flag: true, big: "9007199254740993", at: expect.any(Date), note: "x", doc: { a: 1 } }]);
      await expect(executeHot(client, insert("a"))).rejects.toThrow(/duplicate key/);
    } finally {
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    }
  });
});
