import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { PGlite } from "@electric-sql/pglite";
import { useInProcessApp } from "../../helpers/in-process";

// The database statements one generation costs on the gateway's event loop on embedded PGlite: the
// pending row (the crash trail) and the completing statement (outcome, images, serving attempt), each in
// one exchange with Postgres (lib/db/hot-statements.ts).

useInProcessApp({ DARKROOM_SIMULATOR_LATENCY_MS: "10" });

const post = (body: Record<string, unknown>) =>
  POST(new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

/** The SQL text of a frontend message that starts a statement (Parse or Query), else undefined. */
function statementOf(message: Uint8Array): string | undefined {
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (bytes[0] === 0x51) return bytes.subarray(5, bytes.indexOf(0, 5)).toString("utf8");
  if (bytes[0] !== 0x50) return undefined;
  const nameEnd = bytes.indexOf(0, 5);
  return bytes.subarray(nameEnd + 1, bytes.indexOf(0, nameEnd + 1)).toString("utf8");
}

describe("statements per generation", () => {
  it("a url generation in local mode runs two, one exchange each: the pending row and the completing statement", async () => {
    const exchanges: { statement?: string }[] = [];
    const original = PGlite.prototype.execProtocol;
    PGlite.prototype.execProtocol = function (this: PGlite, message: Uint8Array, options) {
      exchanges.push({ statement: statementOf(message)?.replace(/\s+/g, " ").trim() });
      return original.call(this, message, options);
    };
    try {
      expect((await post({ model: "local/flux-dev", prompt: "warm-up" })).status).toBe(200);
      exchanges.length = 0;
      const answer = await post({ model: "local/flux-dev", prompt: "count my statements" });
      expect(answer.status).toBe(200);
      // Local mode asks whether an admin exists now and then (lib/auth/mode.ts), not once per request.
      const statements = exchanges.flatMap((e) => (e.statement && !e.statement.includes('"AuthUser"') ? [e.statement] : []));
      expect(statements.map((s) => s.slice(0, 24))).toEqual(['INSERT INTO "Generation"', "WITH tried AS ( INSERT I"]);
      const authExchanges = exchanges.length - statements.length;
      expect(authExchanges === 0 || authExchanges === 6).toBe(true);
    } finally {
      PGlite.prototype.execProtocol = original;
    }
  });
});
