import { fitTally } from "./bradley-terry";

export type Winner = "left" | "right" | "tie" | "both_bad";

/** A finished battle as the fit sees it: two contestant names and the verdict. */
export interface RatedBattle {
  left: string;
  right: string;
  winner: Winner;
}

export interface Standing {
  contestant: string;
  rating: number;
  ciLow: number;
  ciHigh: number;
  wins: number;
  losses: number;
  ties: number;
  battles: number;
  winRate: number;
  /** 1 + how many ranked contestants are surely better; null while preliminary. */
  rank: number | null;
  preliminary: boolean;
}

/** Fewer battles than this and a rating says little: listed, but below the ranked ones and unranked. */
export const PRELIMINARY_BELOW = 4;
const ELO = 400 / Math.LN10;
const Z95 = 1.959963984540054;

const SCORE: Record<Winner, number> = { left: 1, right: 0, tie: 0.5, both_bad: 0.5 };

/** The board: the Bradley–Terry fit on the Elo scale (mean 1000), 95 % intervals, records, ranks. */
export function standings(battles: Iterable<RatedBattle>, options: { prior?: number } = {}): Standing[] {
  const index = new Map<string, number>();
  const names: string[] = [];
  const slot = (name: string) => {
    let i = index.get(name);
    if (i === undefined) {
      i = names.push(name) - 1;
      index.set(name, i);
    }
    return i;
  };
  // Three packed number arrays rather than a tuple per battle: 100,000 battles stay a few megabytes.
  const lefts: number[] = [];
  const rights: number[] = [];
  const scores: number[] = [];
  for (const b of battles) {
    lefts.push(slot(b.left));
    rights.push(slot(b.right));
    scores.push(SCORE[b.winner]);
  }
  const n = names.length;
  const games = new Float64Array(n * n);
  const wins = new Float64Array(n);
  const record = names.map(() => ({ wins: 0, losses: 0, ties: 0 }));
  for (let k = 0; k < scores.length; k++) {
    const a = lefts[k]!;
    const b = rights[k]!;
    const s = scores[k]!;
    games[a * n + b]! += 1;
    games[b * n + a]! += 1;
    wins[a]! += s;
    wins[b]! += 1 - s;
    if (s === 0.5) {
      record[a]!.ties++;
      record[b]!.ties++;
    } else {
      record[s === 1 ? a : b]!.wins++;
      record[s === 1 ? b : a]!.losses++;
    }
  }
  // Intervals against the mean of the ranked contestants (see FitOptions.reference).
  const reference = record.map((r) => r.wins + r.losses + r.ties >= PRELIMINARY_BELOW);
  const fit = fitTally(n, games, wins, { ...options, reference });
  const rows = names.map((contestant, i): Standing => {
    const { wins: w, losses, ties } = record[i]!;
    const played = w + losses + ties;
    const rating = 1000 + ELO * fit.theta[i]!;
    const half = Z95 * ELO * fit.se[i]!;
    return {
      contestant,
      rating,
      ciLow: rating - half,
      ciHigh: rating + half,
      wins: w,
      losses,
      ties,
      battles: played,
      winRate: played ? (w + ties / 2) / played : 0,
      rank: null,
      preliminary: played < PRELIMINARY_BELOW,
    };
  });
  return rank(rows);
}

/** LMArena's convention: rank = 1 + the number of ranked contestants whose lower bound beats this upper bound. */
export function rank(rows: Standing[]): Standing[] {
  const ranked = rows.filter((r) => !r.preliminary).sort(byRating);
  const preliminary = rows.filter((r) => r.preliminary).sort(byRating);
  for (const row of ranked) row.rank = 1 + ranked.filter((other) => other.ciLow > row.ciHigh).length;
  return [...ranked, ...preliminary];
}

const byRating = (a: Standing, b: Standing) => b.rating - a.rating || a.contestant.localeCompare(b.contestant);
