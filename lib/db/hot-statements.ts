import "server-only";
import { db, embeddedPglite } from "./client";
import type { Prisma } from "./generated/client.ts";

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
 * Runs a write that is on every generation's path and returns the rows it changed, as $executeRaw does.
 * On embedded PGlite it goes as one batched exchange of the extended protocol (parse, bind, execute,
 * sync), under the same two locks PGlite's query() takes (so never inside another caller's transaction): its query()
 * makes six exchanges of it, each a turn of Postgres's main loop, and Prisma's adapter adds its own work,
 * about 2 ms of the event loop per generation for its two statements. PostgreSQL goes through Prisma.
 */
export async function executeHot(statement: Prisma.Sql): Promise<number> {
  const pglite = await embeddedPglite();
  if (!pglite) return (await db()).$executeRaw(statement);
  // Loaded here, not at import: nothing touches PGlite when DATABASE_URL is set (as in lib/db/client.ts).
  const { serialize } = (await import("@electric-sql/pglite")).protocol;
  const message = concat([
    serialize.parse({ text: statement.text }),
    serialize.bind({ values: statement.values.map(textOf) }),
    serialize.execute({}),
    serialize.sync(),
  ]);
  const { messages } = await pglite._runExclusiveTransaction(() => pglite.runExclusive(() => pglite.execProtocol(message)));
  const done = messages.find((m) => m.name === "commandComplete")?.text ?? "";
  return Number(/(\d+)$/.exec(done)?.[1] ?? 0);
}
