import { afterAll, describe, expect, it } from "vitest";
import { comparisonView, createComparison, estimateComparison, rerunComparison, runTarget } from "@/lib/services/compare";
import { startOpenAIFake } from "../../fakes/openai-fake";
import { useInProcessApp } from "../../helpers/in-process";

// A comparison's max_cost: the target whose only provider quotes more is not sent to it at all.
const fake = await startOpenAIFake({ apiKey: "sk-compare-cap" });
afterAll(() => fake.close());
const db = useInProcessApp({ OPENAI_API_KEY: "sk-compare-cap", OPENAI_BASE_URL: fake.url, DARKROOM_SIMULATOR: "on" });

const settings = { prompt: "a paper boat", negativePrompt: "", seed: 7, aspectRatio: "1:1", resolution: "1K" };
const LOCAL = { kind: "local" } as const;

describe("compare with a max cost", () => {
  it("estimates which targets fit, fails the target over the cap without a provider call, and runs it under the cap", async () => {
    const estimate = estimateComparison(settings, ["gpt-image-2", "flux-dev"], 0.001);
    const [gpt, flux] = estimate.targets;
    expect(gpt).toMatchObject({ withinMaxCost: false, cheapest: { providerName: "OpenAI" } });
    expect(gpt!.cheapest!.costUsd).toBeGreaterThan(0.001);
    expect(flux).toMatchObject({ withinMaxCost: true });
    expect(estimateComparison(settings, ["gpt-image-2", "flux-dev"]).targets[0]!.withinMaxCost).toBeUndefined();

    const { id } = await createComparison(settings, ["gpt-image-2", "flux-dev"], LOCAL, 0.001);
    const over = await runTarget({ comparisonId: id, target: "gpt-image-2" });
    expect(over.state).toBe("failed");
    expect(over.error).toMatch(/max_cost \$0\.001: the cheapest quote is \$0\.\d+ on openai/);
    expect(fake.requests).toHaveLength(0);

    const second = await createComparison(settings, ["gpt-image-2", "flux-dev"], LOCAL, 1);
    const under = await runTarget({ comparisonId: second.id, target: "gpt-image-2" });
    expect(under.state).toBe("succeeded");
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it("saves the max cost with the comparison: its view shows it, Run again keeps it, none is null", async () => {
    const { id } = await createComparison(settings, ["gpt-image-2", "flux-dev"], LOCAL, 0.001);
    expect((await db().comparison.findUniqueOrThrow({ where: { id } })).maxCostUsd).toBe(0.001);
    expect((await comparisonView({ id }))!.maxCost).toBe(0.001);

    const again = await rerunComparison({ id });
    expect(again.maxCost).toBe(0.001);
    expect((await comparisonView({ id: again.id }))!.maxCost).toBe(0.001);
    // The rerun runs under the saved cap too: still refused before any provider call.
    const before = fake.requests.length;
    expect((await runTarget({ comparisonId: again.id, target: "gpt-image-2" })).error).toMatch(/max_cost \$0\.001/);
    expect(fake.requests.length).toBe(before);

    const uncapped = await createComparison(settings, ["gpt-image-2", "flux-dev"]);
    expect((await comparisonView({ id: uncapped.id }))!.maxCost).toBeNull();
    expect((await rerunComparison({ id: uncapped.id })).maxCost).toBeNull();
  });
});
