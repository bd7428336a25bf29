import type { Metadata } from "next";
import { EndpointHealth } from "@/components/usage/endpoint-health";
import { OutcomeBar } from "@/components/usage/outcome-bar";
import { SavedCard } from "@/components/usage/saved-card";
import { StackedChart } from "@/components/usage/usage-charts";
import { UsageFilters } from "@/components/usage/usage-filters";
import { requireViewer } from "@/lib/auth/session";
import { seesEverything } from "@/lib/auth/viewer";
import { usageQuerySchema } from "@/lib/services/usage";
import { usageDashboard, usageFilterOptions } from "@/lib/services/usage-dashboard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Usage" };

const DAY_MS = 86_400_000;
const RANGES = ["7", "30", "90", "365"];
const GROUP_NAMES: Record<string, string> = { model: "model", provider: "provider", key: "API key", user: "user", source: "source", status: "status" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

function parseSearch(search: Search) {
  const range = RANGES.includes(first(search.range) ?? "") ? first(search.range)! : "30";
  // Whole UTC days, today included: settled days then come from the daily rollup.
  const from = new Date((Math.floor(Date.now() / DAY_MS) - Number(range) + 1) * DAY_MS).toISOString();
  const pick = (k: string) => first(search[k]);
  const parsed = usageQuerySchema.safeParse({
    from, bucket: pick("bucket"), group_by: pick("group_by"), model: pick("model"), provider: pick("provider"),
    source: pick("source"), key: pick("key"), user: pick("user"),
  });
  return { range, query: parsed.success ? parsed.data : usageQuerySchema.parse({ from }) };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const usd = (v: number) => `$${v.toFixed(v >= 100 ? 2 : 4)}`;

export default async function UsagePage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requireViewer();
  const { range, query } = parseSearch(await searchParams);
  const admin = seesEverything(viewer);
  const [dashboard, options] = await Promise.all([usageDashboard(query, viewer), usageFilterOptions(query, viewer)]);
  const { totals, series } = dashboard;
  const groupName = GROUP_NAMES[query.group_by] ?? query.group_by;
  return (
    <main className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {usd(totals.costUsd)} spent on {count(totals.images, "image")} in {count(totals.generations, "generation")} over the last {range} days
          {admin ? "" : " (your own)"}.
        </p>
      </header>
      <UsageFilters
        values={{ range, bucket: query.bucket, group_by: query.group_by, model: query.model, provider: query.provider, source: query.source, key: query.key, user: query.user }}
        options={options}
        showUsers={admin && options.users.length > 0}
      />
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <SavedCard label="Spent" value={usd(totals.costUsd)} />
        <SavedCard label="What routing saved" value={usd(totals.savedUsd)} hint="against the most expensive eligible provider for each request" accent />
        <SavedCard label="Images" value={String(totals.images)} />
        <SavedCard label="Generations" value={String(totals.generations)} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {/* The same buckets, groups and labels arrays for both: the page payload carries them once. */}
        <StackedChart title={`Spend by ${groupName}`} buckets={series.buckets} values={series.cost} groups={series.groups} labels={series.labels} unit="usd" />
        <StackedChart title={`Images by ${groupName}`} buckets={series.buckets} values={series.images} groups={series.groups} labels={series.labels} />
      </div>
      <OutcomeBar outcomes={dashboard.outcomes} />
      <EndpointHealth endpoints={dashboard.endpoints} />
    </main>
  );
}
