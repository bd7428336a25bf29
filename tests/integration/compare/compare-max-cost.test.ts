import { afterAll, describe, expect, it } from "vitest";
import { createComparison, estimateComparison, runTarget } from "@/lib/services/compare";
import { startOpenAIFake } from "../../fakes/openai-fake";
import { useInProcessApp } from "../../helpers/in-process";

// A comparison run's max_cost: the target whose only provider quotes more is not sent to it at all.
const fake = await startOpenAIFake({ apiKey: "sk-compare-cap" });
afterAll(() => fake.close());
useInProcessApp({ OPENAI_API_KEY: "sk-compare-cap", OPENAI_BASE_URL: fake.url, DARKROOM_SIMULATOR: "on" });

const settings = { prompt: "a paper boat", negativePrompt: "", seed: 7, aspectRatio: "1:1", resolution: "1K" };

describe("compare with a max cost", () => {
  it("estimates which targets fit, fails the target over the cap without a provider call, and runs it under the cap", async () => {
    const estimate = estimateComparison(settings, ["gpt-image-2", "flux-dev"], 0.001);
    const [gpt, flux] = estimate.targets;
    expect(gpt).toMatchObject({ withinMaxCost: false, cheapest: { providerName: "OpenAI" } });
    expect(gpt!.cheapest!.costUsd).toBeGreaterThan(0.001);
    expect(flux).toMatchObject({ withinMaxCost: true });
    expect(estimateComparison(settings, ["gpt-image-2", "flux-dev"]).targets[0]!.withinMaxCost).toBeUndefined();

    const { id } = await createComparison(settings, ["gpt-image-2", "flux-dev"]);
    const over = await runTarget({ comparisonId: id, target: "gpt-image-2", maxCost: 0.001 });
    expect(over.state).toBe("failed");
    expect(over.error).toMatch(/max_cost \$0\.001: the cheapest quote is \$0\.\d+ on openai/);
    expect(fake.requests).toHaveLength(0);

    const second = await createComparison(settings, ["gpt-image-2", "flux-dev"]);
    const under = await runTarget({ comparisonId: second.id, target: "gpt-image-2", maxCost: 1 });
    expect(under.state).toBe("succeeded");
    expect(fake.requests.length).toBeGreaterThan(0);
  });
});
