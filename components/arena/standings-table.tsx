import Link from "next/link";
import type { Standing } from "@/lib/arena/ratings";

const round = (n: number) => Math.round(n).toString();

/** A board: ranked contestants by rating, then the preliminary ones (fewer than 4 battles). */
export function StandingsTable({ rows, linkModels }: { rows: Standing[]; linkModels: boolean }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No votes on this board yet.</p>;
  return (
    // On a phone: the record and win rate give way to rating and interval, and the rest scrolls in its box.
    <div className="max-w-5xl overflow-x-auto">
      <table className="w-full whitespace-nowrap text-left text-sm">
        <thead className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-3">Rank</th>
            <th className="py-2 pr-3">Contestant</th>
            <th className="py-2 pr-3 text-right">Rating</th>
            <th className="py-2 pr-3 text-right">95% CI</th>
            <th className="hidden py-2 pr-3 text-right sm:table-cell">W / L / T</th>
            <th className="py-2 pr-3 text-right">Battles</th>
            <th className="hidden py-2 text-right sm:table-cell">Win rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.contestant} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-2 pr-3">{r.preliminary ? <span className="text-xs text-zinc-500">preliminary</span> : `#${r.rank}`}</td>
              <td className="whitespace-normal py-2 pr-3 font-mono [overflow-wrap:anywhere]">
                {linkModels && !r.contestant.includes("/") ? <Link href={`/models/${encodeURIComponent(r.contestant)}`} className="hover:underline">{r.contestant}</Link> : r.contestant}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{round(r.rating)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{Number.isFinite(r.ciLow) ? `${round(r.ciLow)}–${round(r.ciHigh)}` : "—"}</td>
              <td className="hidden py-2 pr-3 text-right tabular-nums sm:table-cell">{`${r.wins} / ${r.losses} / ${r.ties}`}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.battles}</td>
              <td className="hidden py-2 text-right tabular-nums sm:table-cell">{`${Math.round(r.winRate * 100)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
