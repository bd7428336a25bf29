import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { buildLedger } from "@/lib/params/ledger";
import { normalizeRequest } from "@/lib/params/normalize";

const MODEL = "imagen-4.0-generate-001";
const offerOf = (provider: string) => findModel(MODEL)!.providers.find((o) => o.provider === provider)!;
const req = (body: Record<string, unknown>) => normalizeRequest({ prompt: "a lighthouse", model: MODEL, ...body }, { defaultModel: MODEL, drawSeed: () => 7 });
const entry = (ledger: ReturnType<typeof buildLedger>, param: string) => ledger.find((e) => e.param === param);

describe("the parameter ledger", () => {
  it("always lists prompt, seed, n and size, and only the other parameters the caller gave", () => {
    const ledger = buildLedger(req({}), offerOf("vertex"), {}, false, []);
    expect(ledger.map((e) => e.param)).toEqual(["prompt", "seed", "n", "size"]);
    expect(entry(ledger, "seed")).toMatchObject({ requested: null, sent: 7 });
  });

  it("reports what was asked and what went to the provider", () => {
    const ledger = buildLedger(req({ seed: 42, n: 2 }), offerOf("vertex"), { seed: 42, n: 2 }, false, []);
    expect(entry(ledger, "seed")).toMatchObject({ requested: 42, sent: 42 });
    expect(entry(ledger, "n")).toMatchObject({ requested: 2, sent: 2 });
  });

  it("marks n as emulated when it was split across calls", () => {
    const ledger = buildLedger(req({ n: 8 }), offerOf("vertex"), {}, true, []);
    expect(entry(ledger, "n")).toMatchObject({ handling: "emulated", requested: 8, sent: null });
  });

  it("passes unknown parameters through, unless the adapter said it dropped them", () => {
    const body = req({ person_generation: "allow_adult" });
    expect(entry(buildLedger(body, offerOf("vertex"), {}, false, []), "person_generation")).toMatchObject({ handling: "passthrough", sent: "allow_adult" });
    const dropped = buildLedger(body, offerOf("vertex"), {}, false, [{ type: "unsupported", param: "person_generation", message: "dropped" }]);
    expect(entry(dropped, "person_generation")).toMatchObject({ handling: "unsupported", sent: null });
  });
});
