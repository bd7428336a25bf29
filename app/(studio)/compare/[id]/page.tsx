import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/session";
import { CompareStudio } from "@/components/compare/compare-studio";
import { requestOrigin } from "@/components/shell/request-origin";
import { compareCatalog, comparisonView, recentComparisons } from "@/lib/services/compare";
import { sharePath } from "@/lib/services/accounts-share";
import { ShareToggle } from "@/app/share/share-toggle";
import { ComparePageHeader, RECENT_LIMIT } from "../page-header";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `${id} · Compare` };
}

/** A saved comparison, read from its records: opening or sharing the link never generates anything. */
export default async function ComparisonPage({ params }: Props) {
  const viewer = await requireViewer();
  const { id } = await params;
  const comparison = await comparisonView({ id, viewer });
  if (!comparison) notFound();
  const [origin, recent, shared] = await Promise.all([requestOrigin(), recentComparisons({ limit: RECENT_LIMIT, viewer }), sharePath(viewer, { comparisonId: id })]);
  return (
    <main className="flex flex-col gap-6">
      <ComparePageHeader />
      <ShareToggle target={{ comparisonId: id }} initialPath={shared} />
      <CompareStudio
        catalog={compareCatalog()}
        origin={origin}
        initialSettings={comparison.settings}
        initialTargets={comparison.targets}
        initialMaxCost={comparison.maxCost === null ? "" : String(comparison.maxCost)}
        initialComparison={comparison}
        recent={recent}
      />
    </main>
  );
}
