import Link from "next/link";
import { modelStanding } from "@/lib/arena/leaderboard";

/** A model page's arena line: "Arena 1112 (1080–1144) · Record 5W / 19L / 0T (24 battles) · Rank #3 of 25". */
export async function ArenaLine({ modelId }: { modelId: string }) {
  const { standing: s, ranked } = await modelStanding(modelId);
  return (
    <p data-testid="arena-line" className="text-sm text-zinc-700 dark:text-zinc-300">
      {s ? (
        <>
          Arena {Math.round(s.rating)}
          {Number.isFinite(s.ciLow) ? ` (95% CI ${Math.round(s.ciLow)}–${Math.round(s.ciHigh)})` : ""} · Record {s.wins}W / {s.losses}L / {s.ties}T ({s.battles} battles) ·{" "}
          {s.rank === null ? "preliminary (fewer than 4 battles)" : `Rank #${s.rank} of ${ranked}`} ·{" "}
        </>
      ) : (
        "No arena battles yet · "
      )}
      <Link href="/arena/leaderboard" className="underline">
        Arena leaderboard
      </Link>
    </p>
  );
}
