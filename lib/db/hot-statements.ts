import "server-only";
import type { Prisma } from "./generated/client.ts";

/**
 * The writes on every generation's path (lib/db/generations.ts) skip Prisma: its raw-query path has its
 * own cost, and on embedded PGlite its adapter goes through PGlite's query(), six exchanges with Postgres
 * (parse, describe, bind, describe, execute, sync), each a turn of its main loop. Measured interleaved at
 * c=16: about 2 ms less of the event loop per generation (README, "What changed in the request path").
 */
export type HotRunner = (text: string, values: (string | null)[]) => Promise<number>;

/** What the batched exchange needs of the embedded database. */
export interface EmbeddedPglite {
  execProtocol(message: Uint8Array): Promise<{ messages: { name: string; text?: string }[] }>;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The lock a transaction holds from BEGIN to COMMIT (public in PGlite's types; its query() takes it). */
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

interface Executor {
  $executeRaw(statement: Prisma.Sql): Promise<number>;
}

// On globalThis, keyed by the Prisma client: every route bundle has its own copy of this module.
const holder = globalThis as { darkroomHotRunners?: WeakMap<object, HotRunner> };
const runners = (holder.darkroomHotRunners ??= new WeakMap());

/** Makes `runner` run the hot statements of `client` (lib/db/client.ts does; so do tests with their own database). */
export function registerHotRunner(client: object, runner: HotRunner): void {
  runners.set(client, runner);
}

/** An element of a one-dimensional array literal: quoted, with quotes and backslashes escaped. */
const arrayElement = (value: unknown) => (value === null || value === undefined ? "NULL" : `"${String(textOf(value)).replace(/[\\"]/g, "\\$&")}"`);

/** A parameter in the text format Postgres parses for any type (the statement's casts and columns decide). */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(",")}}`;
  return String(value);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * Embedded PGlite: one batched exchange (parse, bind, execute, sync) under the two locks PGlite's query()
 * takes, so it never runs inside another caller's transaction.
 */
export function pgliteRunner(pglite: EmbeddedPglite): HotRunner {
  // Loaded when an embedded database is made, not at import: nothing touches PGlite when DATABASE_URL is set.
  const serializer = import("@electric-sql/pglite").then((pglite) => pglite.protocol.serialize);
  return async (text, values) => {
    const serialize = await serializer;
    const message = concat([serialize.parse({ text }), serialize.bind({ values }), serialize.execute({}), serialize.sync()]);
    const { messages } = await pglite._runExclusiveTransaction(() => pglite.runExclusive(() => pglite.execProtocol(message)));
    const done = messages.find((m) => m.name === "commandComplete")?.text ?? "";
    return Number(/(\d+)$/.exec(done)?.[1] ?? 0);
  };
}

/** PostgreSQL: the pool Prisma's adapter uses, one round trip (node-postgres sends the batch at once). */
export function poolRunner(pool: { query(text: string, values: unknown[]): Promise<{ rowCount: number | null }> }): HotRunner {
  return async (text, values) => (await pool.query(text, values)).rowCount ?? 0;
}

/** Runs a write on every generation's path and returns the rows it changed, as $executeRaw does. */
export function executeHot(client: Executor, statement: Prisma.Sql): Promise<number> {
  const runner = runners.get(client);
  return runner ? runner(statement.text, statement.values.map(textOf)) : client.$executeRaw(statement);
}
