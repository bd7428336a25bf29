import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { buildLedger } from "@/lib/params/ledger";
import { normalizeRequest } from "@/lib/params/normalize";

const MODEL = "imagen-4.0-generate-001";
const offer = findModel(MODEL)!.providers.find((o) => o.provider === "vertex")!;
const normalized = () => normalizeRequest({ prompt: "a lighthouse", model: MODEL }, { defaultModel: MODEL, drawSeed: () => 7 });

describe("an arena alias in the parameter ledger", () => {
  it("records what was asked, what it resolved to and why", () => {
    const req = normalized();
    req.modelAlias = { requested: "arena:category:typography", note: "arena:category:typography resolved to imagen-4.0-generate-001: the leader" };
    const model = buildLedger(req, offer, {}, false, []).find((e) => e.param === "model");
    expect(model).toEqual({ param: "model", requested: "arena:category:typography", sent: MODEL, handling: "converted", note: req.modelAlias.note });
  });

  it("has no model entry when the model was named directly", () => {
    expect(buildLedger(normalized(), offer, {}, false, []).some((e) => e.param === "model")).toBe(false);
  });
});
