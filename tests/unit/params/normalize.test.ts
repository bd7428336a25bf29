import { describe, expect, it } from "vitest";
import { asApiError } from "@/lib/api/errors";
import { normalizeRequest } from "@/lib/params/normalize";

const normalize = (body: Record<string, unknown>) =>
  normalizeRequest({ prompt: "a lighthouse", ...body }, { defaultModel: "imagen-4.0-generate-001", drawSeed: () => 7 });

const rejection = (body: unknown) => {
  try {
    normalizeRequest(body, { defaultModel: "imagen-4.0-generate-001" });
  } catch (error) {
    const api = asApiError(error);
    if (api) return { status: api.status, ...api.toBody().error };
    throw error;
  }
  throw new Error("expected a rejection");
};

describe("imagen-4.0-generate-001 nominal sizes", () => {
  it.each([
    ["1024x1024", "1:1", "1K", "1024x1024"],
    ["1183x887", "4:3", "1K", "1280x896"],
    ["887x1182", "3:4", "1K", "896x1280"],
    ["1365x768", "16:9", "1K", "1408x768"],
    ["768x1365", "9:16", "1K", "768x1408"],
    ["2048x2048", "1:1", "2K", "2048x2048"],
    ["2365x1774", "4:3", "2K", "2560x1792"],
    ["1774x2365", "3:4", "2K", "1792x2560"],
    ["2731x1536", "16:9", "2K", "2816x1536"],
    ["1536x2731", "9:16", "2K", "1536x2816"],
  ])("size %s selects %s at %s (native %s) without a warning", (size, ratio, tier, native) => {
    const req = normalize({ size });
    expect(req.size.aspectRatio).toBe(ratio);
    expect(req.size.tier).toBe(tier);
    expect(`${req.size.width}x${req.size.height}`).toBe(native);
    expect(req.size.nominal).toBe(size);
    expect(req.warnings.filter((w) => w.param === "size")).toEqual([]);
  });
});

describe("size, aspect_ratio and resolution", () => {
  it.each([
    [{ size: "16:9" }, "16:9", "1K"],
    [{ size: "4:3" }, "4:3", "1K"],
    [{ aspect_ratio: "9:16" }, "9:16", "1K"],
    [{ aspect_ratio: "9:16", resolution: "2K" }, "9:16", "2K"],
    [{ resolution: "2k" }, "1:1", "2K"],
    [{ size: "auto" }, "1:1", "1K"],
    [{}, "1:1", "1K"],
  ])("%j → %s at %s", (body, ratio, tier) => {
    const req = normalize(body);
    expect([req.size.aspectRatio, req.size.tier]).toEqual([ratio, tier]);
  });

  it.each([
    [{ size: "1000x1000" }, "1:1", "1K", "size"],
    [{ size: "1920x1080" }, "16:9", "1K", "size"],
    [{ size: "4096x2304" }, "16:9", "2K", "size"],
    [{ size: "3000x1000" }, "16:9", "2K", "size"],
    [{ aspect_ratio: "21:9" }, "16:9", "1K", "aspect_ratio"],
    [{ aspect_ratio: "2:3" }, "3:4", "1K", "aspect_ratio"],
    [{ resolution: "4K" }, "1:1", "2K", "resolution"],
    [{ resolution: "0.5K" }, "1:1", "1K", "resolution"],
  ])("%j maps to the nearest offered %s at %s and warns about %s", (body, ratio, tier, param) => {
    const req = normalize(body);
    expect([req.size.aspectRatio, req.size.tier]).toEqual([ratio, tier]);
    expect(req.warnings.some((w) => w.param === param && w.type === "adjusted")).toBe(true);
  });

  it("size wins over aspect_ratio and resolution, with a warning for each ignored one", () => {
    const req = normalize({ size: "1365x768", aspect_ratio: "9:16", resolution: "2K" });
    expect([req.size.aspectRatio, req.size.tier]).toEqual(["16:9", "1K"]);
    expect(req.warnings.map((w) => w.param)).toEqual(expect.arrayContaining(["aspect_ratio", "resolution"]));
  });

  it("nearest ratio is measured on a log scale (7:1 on a model with 4:1 and 8:1 gives 8:1)", async () => {
    const { nearestRatio } = await import("@/lib/params/sizes");
    expect(nearestRatio(7, ["4:1", "8:1"])).toBe("8:1");
    expect(nearestRatio(1 / 7, ["1:4", "1:8"])).toBe("1:8");
    expect(nearestRatio(1.5, ["1:1", "16:9"])).toBe("16:9");
  });

  it("flux-dev offers a 0.5K tier", () => {
    const req = normalize({ model: "flux-dev", resolution: "0.5K", aspect_ratio: "16:9" });
    expect(`${req.size.width}x${req.size.height}`).toBe("512x288");
  });

  it("gpt-image-1 maps 16:9 to its widest size", () => {
    const req = normalize({ model: "gpt-image-1", size: "16:9" });
    expect(`${req.size.width}x${req.size.height}`).toBe("1536x1024");
  });
});

describe("n splitting", () => {
  it.each([
    [1, 4, [1]],
    [4, 4, [4]],
    [5, 4, [4, 1]],
    [10, 4, [4, 4, 2]],
    [10, 1, Array(10).fill(1)],
    [3, 10, [3]],
  ])("n=%i at %i per call → %j", async (n, max, calls) => {
    const { splitImages } = await import("@/lib/params/split");
    expect(splitImages(n, max)).toEqual(calls);
  });
});

describe("avif fallback", () => {
  it.each([
    ["avif", "png", 1024, 1024, "avif", false],
    ["avif", "png", 1600, 900, "avif", false],
    ["avif", "png", 2048, 2048, "png", true],
    ["avif", "jpeg", 2816, 1536, "jpeg", true],
    ["webp", "png", 2816, 1536, "webp", false],
    [undefined, "png", 1024, 1024, "png", false],
  ] as const)("requested %s, produced %s at %ix%i → %s (warning: %s)", async (requested, produced, w, h, format, warns) => {
    const { planOutputFormat } = await import("@/lib/params/output-format");
    const plan = planOutputFormat(requested, produced, w, h);
    expect(plan.format).toBe(format);
    expect(Boolean(plan.warning)).toBe(warns);
  });
});

describe("defaults and pass-through", () => {
  it("draws a seed when none is given and says so", () => {
    const req = normalize({});
    expect(req).toMatchObject({ seed: 7, seedDrawn: true, n: 1, responseFormat: "url" });
  });

  it("keeps unknown parameters for the provider", () => {
    const req = normalize({ person_generation: "allow_adult", safety_setting: "block_only_high" });
    expect(req.extra).toEqual({ person_generation: "allow_adult", safety_setting: "block_only_high" });
  });

  it("accepts jpg as jpeg and thinking_level as thinking's alias in errors", () => {
    expect(normalize({ output_format: "jpg" }).outputFormat).toBe("jpeg");
    expect(rejection({ prompt: "x", thinking_level: "high" })).toMatchObject({ param: "thinking_level", code: "unsupported_value" });
  });

  it("pins a provider with provider/model", () => {
    const req = normalize({ model: "local/flux-dev" });
    expect(req.pinnedProvider).toBe("local");
    expect(req.model.id).toBe("flux-dev");
  });

  it("warns about deprecated and retired models", () => {
    expect(normalize({ model: "gpt-image-1" }).warnings.some((w) => w.type === "lifecycle")).toBe(true);
    expect(normalize({ model: "gpt-image-1-mini" }).warnings.some((w) => w.type === "lifecycle")).toBe(false);
  });

  it("warns when quality is given to a model without that setting", () => {
    const req = normalize({ quality: "high" });
    expect(req.quality).toBeUndefined();
    expect(req.warnings.some((w) => w.param === "quality" && w.type === "unsupported")).toBe(true);
  });
});

describe("validation errors", () => {
  it.each([
    [{}, 400, "prompt", "missing_required_parameter"],
    [{ prompt: "" }, 400, "prompt", "invalid_value"],
    [{ prompt: "   " }, 400, "prompt", "invalid_value"],
    [{ prompt: 42 }, 400, "prompt", "invalid_value"],
    [{ prompt: "x", n: 0 }, 400, "n", "invalid_value"],
    [{ prompt: "x", n: 11 }, 400, "n", "invalid_value"],
    [{ prompt: "x", n: 1.5 }, 400, "n", "invalid_value"],
    [{ prompt: "x", n: "2" }, 400, "n", "invalid_value"],
    [{ prompt: "x", seed: -1 }, 400, "seed", "invalid_value"],
    [{ prompt: "x", seed: 4294967296 }, 400, "seed", "invalid_value"],
    [{ prompt: "x", size: "big" }, 400, "size", "invalid_value"],
    [{ prompt: "x", size: "0x1024" }, 400, "size", "invalid_value"],
    [{ prompt: "x", aspect_ratio: "wide" }, 400, "aspect_ratio", "invalid_value"],
    [{ prompt: "x", aspect_ratio: "0:1" }, 400, "aspect_ratio", "invalid_value"],
    [{ prompt: "x", resolution: "huge" }, 400, "resolution", "invalid_value"],
    [{ prompt: "x", response_format: "png" }, 400, "response_format", "invalid_value"],
    [{ prompt: "x", output_format: "bmp" }, 400, "output_format", "invalid_value"],
    [{ prompt: "x", output_compression: 0 }, 400, "output_compression", "invalid_value"],
    [{ prompt: "x", output_compression: 101 }, 400, "output_compression", "invalid_value"],
    [{ prompt: "x", enhance_prompt: "yes" }, 400, "enhance_prompt", "invalid_value"],
    [{ prompt: "x", thinking: "high" }, 400, "thinking", "unsupported_value"],
    [{ prompt: "x", model: "gpt-image-1", quality: "ultra" }, 400, "quality", "unsupported_value"],
    [{ prompt: "x".repeat(2001) }, 400, "prompt", "prompt_too_long"],
    [{ prompt: "x", model: "imagen-5" }, 404, "model", "model_not_found"],
    [{ prompt: "x", model: "nobody/flux-dev" }, 404, "model", "model_not_found"],
    [[1, 2], 400, null, "invalid_json"],
    ["text", 400, null, "invalid_json"],
  ])("%j → %i on %s (%s)", (body, status, param, code) => {
    expect(rejection(body)).toMatchObject({ status, param, code, type: expect.any(String), message: expect.any(String) });
  });

  it("suggests the closest model id", () => {
    const error = rejection({ prompt: "x", model: "imagen-4.0-generate" });
    expect(error.message).toContain("Did you mean 'imagen-4.0-generate-001'");
  });

  it("lists the supported set for an unsupported thinking level", () => {
    expect(rejection({ prompt: "x", thinking: "high" }).message).toMatch(/supported values: none/);
  });
});
