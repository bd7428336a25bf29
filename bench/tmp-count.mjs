import { writeSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
const counts = new Map();
for (const name of ["query", "exec", "execProtocol", "execProtocolRaw"]) {
  const proto = Object.getPrototypeOf(PGlite.prototype)?.[name] && !Object.hasOwn(PGlite.prototype, name) ? Object.getPrototypeOf(PGlite.prototype) : PGlite.prototype;
  const orig = proto[name];
  if (!orig) continue;
  proto[name] = function (...args) {
    const sql = typeof args[0] === "string" ? args[0] : name;
    const key = `${name}: ${sql.replace(/\s+/g, " ").slice(0, 80)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return orig.apply(this, args);
  };
}
process.on("exit", () => { for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 30)) writeSync(2, `SQLCOUNT ${v} ${k}\n`); });
process.on("SIGTERM", () => { for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 30)) writeSync(2, `SQLCOUNT ${v} ${k}\n`); });
