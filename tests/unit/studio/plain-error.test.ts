import { describe, expect, it } from "vitest";
import { explainError, reasonsByProvider } from "@/components/playground/plain-error";

describe("errors in plain words", () => {
  it("says each provider's reason once", () => {
    const message = "local is unavailable: local: Simulated failure (flux-schnell, rate 1); local: Simulated failure (flux-schnell, rate 1); local: Simulated failure (flux-schnell, rate 1)";
    expect(reasonsByProvider(message)).toEqual(["local: Simulated failure."]);
  });

  it("keeps one line per provider when several failed", () => {
    const message = "All providers failed. fal: upstream timed out; replicate: HTTP 500; fal: upstream timed out";
    expect(reasonsByProvider(message)).toEqual(["fal: upstream timed out.", "replicate: HTTP 500."]);
  });

  it("points a missing key at that provider's set-up", () => {
    const plain = explainError({ message: "fal: 401 Unauthorized", param: null, code: "all_providers_failed" });
    expect(plain.link).toEqual({ href: "/models#provider-fal", label: "Set up fal" });
  });

  it("points at every provider's set-up when several lack a key", () => {
    const plain = explainError({ message: "All providers failed. fal: 401 Unauthorized; replicate: 403 Forbidden", param: null, code: "all_providers_failed" });
    expect(plain.link?.href).toBe("/models#providers");
  });

  it("tells what to do for an unavailable provider", () => {
    expect(explainError({ message: "local is unavailable: local: down", param: null, code: "provider_unavailable" }).advice).toMatch(/Retry/);
  });
});
