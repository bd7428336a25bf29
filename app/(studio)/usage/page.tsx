import type { Metadata } from "next";
import { EndpointHealth } from "@/components/usage/endpoint-health";
import { OutcomeBar } from "@/components/usage/outcome-bar";
import { StackedChart } from "@/components/usage/usage-charts";
import { UsageFilters } from "@/components/usage/usage-filters";
import { usageDashboard, usageFilterValues, usageQuerySchema } from "@/lib/services/usage";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Usage" };

const DAY_MS = 86_400_000;

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function UsagePage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const range = ["7", "30", "90", "365"].includes(first(search.range) ?? "") ? first(search.range)! : "30";
  const parsed = usageQuerySchema.safeParse({
    from: new Date(Date.now() - Number(range) * DAY_MS).toISOString(),
    bucket: first(search.bucket),
    group_by: first(search.group_by),
    model: first(search.model),
    provider: first(search.provider),
    source: first(search.source),
  });
  const query = parsed.success ? parsed.data : usageQuerySchema.parse({ from: new Date(Date.now() - 30 * DAY_MS).toISOString() });
  const [dashboard, values] = await Promise.all([usageDashboard(query), usageFilterValues()]);
  const { totals } = dashboard;
  return (
    <main className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          ${totals.costUsd.toFixed(4)} spent on {totals.images} images in {totals.generations} generations over the last {range} days.
        </p>
      </header>
      <UsageFilters values={{ range, bucket: query.bucket, group_by: query.group_by, model: query.model, provider: query.provider, source: query.source }} {...values} />
      <div className="grid gap-4 lg:grid-cols-2">
        <StackedChart title={`Spend by ${query.group_by}`} data={dashboard.series.cost} groups={dashboard.series.groups} unit="usd" />
        <StackedChart title={`Images by ${query.group_by}`} data={dashboard.series.images} groups={dashboard.series.groups} />
      </div>
      <OutcomeBar outcomes={dashboard.outcomes} />
      <EndpointHealth endpoints={dashboard.endpoints} />
    </main>
  );
}
