import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { useInProcessApp } from "../../helpers/in-process";

// The database statements one generation costs on the gateway's event loop (each ~1–3 ms on embedded
// PGlite): the pending row (the crash trail) and the completing statement (outcome, images, serving attempt).

const prisma = useInProcessApp({ DARKROOM_SIMULATOR_LATENCY_MS: "10" });

const post = (body: Record<string, unknown>) =>
  POST(new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

describe("statements per generation", () => {
  it("a url generation in local mode runs two: the pending row and the completing statement", async () => {
    const statements: string[] = [];
    const counted = prisma().$extends({
      query: {
        $allOperations({ model, operation, args, query }) {
          statements.push(model ? `${model}.${operation}` : operation);
          return query(args);
        },
      },
    });
    const holder = globalThis as unknown as { darkroomDb?: Promise<unknown> };
    const original = holder.darkroomDb;
    holder.darkroomDb = Promise.resolve(counted);
    try {
      expect((await post({ model: "local/flux-dev", prompt: "warm-up" })).status).toBe(200);
      statements.length = 0;
      const answer = await post({ model: "local/flux-dev", prompt: "count my statements" });
      expect(answer.status).toBe(200);
      // Local mode asks whether an admin exists now and then (lib/auth/mode.ts), not once per request.
      expect(statements.filter((s) => s !== "AuthUser.count")).toEqual(["$executeRaw", "$executeRaw"]);
      expect(statements.filter((s) => s === "AuthUser.count").length).toBeLessThanOrEqual(1);
    } finally {
      holder.darkroomDb = original;
    }
  });
});
