import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { CompareStudio } from "@/components/compare/compare-studio";
import { requestOrigin } from "@/components/shell/request-origin";
import { compareCatalog, initialForm, recentComparisons } from "@/lib/services/compare";
import { ComparePageHeader, RECENT_LIMIT } from "./page-header";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Compare" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = await searchParams;
  const catalog = compareCatalog();
  const { settings, targets } = initialForm(catalog, (key) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  });
  const [origin, recent] = await Promise.all([requestOrigin(), recentComparisons({ limit: RECENT_LIMIT, viewer })]);
  return (
    <main className="flex flex-col gap-6">
      <ComparePageHeader />
      <CompareStudio catalog={catalog} origin={origin} initialSettings={settings} initialTargets={targets} initialMaxCost={typeof params.max_cost === "string" ? params.max_cost : ""} initialComparison={null} recent={recent} />
    </main>
  );
}
