import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite, protocol } from "@electric-sql/pglite";
import { applyMigrations } from "@/lib/db/migrate";
const dir = await mkdtemp(path.join(tmpdir(), "pgl-"));
const pg = new PGlite(path.join(dir, "db"));
await pg.waitReady;
await applyMigrations(pg as never);
const SQL = `INSERT INTO "Generation" ("id","createdAt","status","source","model","prompt","seed","n","request","normalized","ledger","async") VALUES ($1,$2::timestamp(3),'pending','api','gpt-image-1-mini',$3,$5,1,$4::jsonb,$4::jsonb,$4::jsonb,false) ON CONFLICT ("idempotencyKey") DO NOTHING`;
const big = JSON.stringify({ prompt: "a lighthouse", ledger: Array.from({ length: 12 }, (_, i) => ({ p: i })) });
let n = 0;
const viaQuery = () => pg.query(SQL, [`q${n++}`, new Date().toISOString(), "a lighthouse", big, 42]);
const enc = (m: Uint8Array[]) => { const out = new Uint8Array(m.reduce((a, b) => a + b.length, 0)); let o = 0; for (const b of m) { out.set(b, o); o += b.length; } return out; };
async function viaBatch() {
  const values = [`b${n++}`, new Date().toISOString(), "a lighthouse", big, "42"];
  const msg = enc([protocol.serialize.parse({ text: SQL }), protocol.serialize.bind({ values }), protocol.serialize.execute({}), protocol.serialize.sync()]);
  const r = await (pg as any)._runExclusiveTransaction(() => (pg as any)._runExclusiveQuery(() => pg.execProtocol(msg)));
  return r;
}
const r0 = await viaBatch();
console.log(r0.messages.map((m: any) => m.name + (m.text ? ":" + m.text : "")).join(" "));
const time = async (f: () => Promise<unknown>) => { for (let i = 0; i < 200; i++) await f(); const s = process.cpuUsage(); for (let i = 0; i < 1000; i++) await f(); const u = process.cpuUsage(s); return (u.user + u.system) / 1000 / 1000; };
for (let round = 0; round < 3; round++) console.log("query", (await time(viaQuery)).toFixed(3), "batch", (await time(viaBatch)).toFixed(3));
await pg.close();
