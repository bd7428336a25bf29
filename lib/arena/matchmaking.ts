/** What matchmaking knows of the board: ratings so far and how often each pair has met. */
export interface MatchState {
  rating: (contestant: string) => number | undefined;
  meetings: (a: string, b: string) => number;
}

/** Rating gap at which a pair is e^-1 as likely to be drawn as an equal pair. */
const GAP_SCALE = 200;

/**
 * Weight of a pair: few meetings and close ratings first, which is where a vote moves the board most;
 * a pair never seen, or an unrated contestant, is not penalised for its gap.
 */
export function pairWeight(a: string, b: string, state: MatchState): number {
  const ra = state.rating(a);
  const rb = state.rating(b);
  const gap = ra === undefined || rb === undefined ? 0 : Math.abs(ra - rb);
  return Math.exp(-gap / GAP_SCALE) / (1 + state.meetings(a, b));
}

/** Draws two different contestants of the roster, weighted by pairWeight; the order is left to the caller. */
export function drawPair(roster: string[], state: MatchState, random: () => number = Math.random): [string, string] {
  const unique = [...new Set(roster)];
  if (unique.length < 2) throw new Error("matchmaking needs at least two contestants");
  const pairs: [string, string, number][] = [];
  let total = 0;
  for (let i = 0; i < unique.length; i++) {
    for (let j = i + 1; j < unique.length; j++) {
      const w = pairWeight(unique[i]!, unique[j]!, state);
      total += w;
      pairs.push([unique[i]!, unique[j]!, w]);
    }
  }
  let pick = random() * total;
  for (const [a, b, w] of pairs) {
    pick -= w;
    if (pick <= 0) return [a, b];
  }
  const last = pairs[pairs.length - 1]!;
  return [last[0], last[1]];
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
