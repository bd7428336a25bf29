/**
 * Bradley–Terry by maximum likelihood. No maintained JavaScript package fits it with Fisher-information
 * intervals, so it is written here: Hunter's MM iterations on the pair-count matrix (O(n²) per step, the
 * battles are only read once to count), then the observed information of log-strengths for the intervals.
 */

/** One outcome between contestants `a` and `b` (indices); a tie or both-bad is 0.5. */
export interface Outcome {
  a: number;
  b: number;
  /** 1: a won, 0: b won, 0.5: tie or both bad. */
  scoreA: number;
}

export interface FitOptions {
  /**
   * Virtual battles, each a tie, every contestant plays against a reference of average strength. It keeps
   * an undefeated (or winless) contestant finite; with real amounts of votes it moves nothing. 0 is the pure MLE.
   */
  prior?: number;
  maxIterations?: number;
  tolerance?: number;
  /**
   * Which contestants' mean the intervals are measured against (all by default). The board passes its
   * ranked ones: a newcomer with one battle makes the all-contestant mean uncertain, and would otherwise
   * widen every established contestant's interval with it.
   */
  reference?: boolean[];
}

export interface Fit {
  /** Natural-log strengths, centred so their mean is 0 (the geometric mean of strengths is 1). */
  theta: number[];
  /** Standard error of each log-strength against the reference mean (Infinity when it is not identified). */
  se: number[];
  iterations: number;
}

/** Pair counts: games[i*n+j] battles between i and j, wins[i] = wins of i with ties as halves. */
export function tally(n: number, outcomes: Iterable<Outcome>): { games: Float64Array; wins: Float64Array } {
  const games = new Float64Array(n * n);
  const wins = new Float64Array(n);
  for (const { a, b, scoreA } of outcomes) {
    games[a * n + b]! += 1;
    games[b * n + a]! += 1;
    wins[a]! += scoreA;
    wins[b]! += 1 - scoreA;
  }
  return { games, wins };
}

export function fitBradleyTerry(n: number, outcomes: Iterable<Outcome>, options: FitOptions = {}): Fit {
  const { games, wins } = tally(n, outcomes);
  return fitTally(n, games, wins, options);
}

export function fitTally(n: number, games: Float64Array, wins: Float64Array, options: FitOptions = {}): Fit {
  const prior = options.prior ?? 1;
  const maxIterations = options.maxIterations ?? 10_000;
  const tolerance = options.tolerance ?? 1e-10;
  let p = new Float64Array(n).fill(1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // The prior's reference has strength 1: half a win per virtual battle, and its share of the denominator.
      let denominator = prior / (p[i]! + 1);
      for (let j = 0; j < n; j++) {
        const g = games[i * n + j]!;
        if (g > 0) denominator += g / (p[i]! + p[j]!);
      }
      const w = wins[i]! + prior / 2;
      next[i] = denominator > 0 && w > 0 ? w / denominator : p[i]!;
    }
    if (prior === 0) normalize(next);
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(Math.log(next[i]!) - Math.log(p[i]!)));
    p = next;
    if (change < tolerance) break;
  }
  const theta = center(Array.from(p, Math.log));
  // A reference of one would measure it against itself: then (and by default) every contestant counts.
  const reference = (options.reference?.filter(Boolean).length ?? 0) >= 2 ? options.reference! : new Array<boolean>(n).fill(true);
  return { theta, se: standardErrors(n, games, theta, prior, reference), iterations };
}

function normalize(p: Float64Array): void {
  let sum = 0;
  for (const v of p) sum += Math.log(v);
  const scale = Math.exp(sum / p.length);
  for (let i = 0; i < p.length; i++) p[i]! /= scale;
}

function center(theta: number[]): number[] {
  const mean = theta.reduce((s, t) => s + t, 0) / (theta.length || 1);
  return theta.map((t) => t - mean);
}

/**
 * Observed information of the log-strengths: a graph Laplacian weighted by n_ij·π_ij·π_ji (plus the prior's
 * diagonal). Adding J/n fixes the shift the likelihood cannot see. The variance of θ_i − mean(θ_R), R the
 * reference contestants, is then e·(H + J/n)⁻¹·e with e = e_i − 1_R/|R| (a contrast, so the shift drops out).
 */
function standardErrors(n: number, games: Float64Array, theta: number[], prior: number, reference: boolean[]): number[] {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const self = 1 / (1 + Math.exp(-theta[i]!));
    h[i * n + i]! += prior * self * (1 - self);
    for (let j = 0; j < n; j++) {
      const g = games[i * n + j]!;
      if (i === j || g === 0) continue;
      const pi = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
      const w = g * pi * (1 - pi);
      h[i * n + i]! += w;
      h[i * n + j]! -= w;
    }
  }
  for (let k = 0; k < n * n; k++) h[k]! += 1 / n;
  const inv = invert(n, h);
  if (!inv) return new Array<number>(n).fill(Infinity);
  const size = reference.filter(Boolean).length;
  // rowMean[i] = mean over the reference of inv[i][j]; total = mean over the reference of rowMean.
  const rowMean = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (reference[j]) rowMean[i]! += inv[i * n + j]! / size;
    if (reference[i]) total += rowMean[i]! / size;
  }
  return Array.from({ length: n }, (_, i) => {
    const variance = inv[i * n + i]! - 2 * rowMean[i]! + total;
    // A huge variance means the data cannot place this contestant (e.g. it never battled).
    return variance > 0 && variance < 1e6 ? Math.sqrt(variance) : Infinity;
  });
}

/** Gauss–Jordan with partial pivoting; null when the matrix is singular. */
function invert(n: number, matrix: Float64Array): Float64Array | null {
  const a = Float64Array.from(matrix);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
    const value = a[pivot * n + col]!;
    if (Math.abs(value) < 1e-12) return null;
    if (pivot !== col) swapRows(n, a, inv, pivot, col);
    for (let k = 0; k < n; k++) {
      a[col * n + k]! /= value;
      inv[col * n + k]! /= value;
    }
    for (let r = 0; r < n; r++) {
      const factor = a[r * n + col]!;
      if (r === col || factor === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k]! -= factor * a[col * n + k]!;
        inv[r * n + k]! -= factor * inv[col * n + k]!;
      }
    }
  }
  return inv;
}

function swapRows(n: number, a: Float64Array, b: Float64Array, r1: number, r2: number): void {
  for (let k = 0; k < n; k++) {
    [a[r1 * n + k], a[r2 * n + k]] = [a[r2 * n + k]!, a[r1 * n + k]!];
    [b[r1 * n + k], b[r2 * n + k]] = [b[r2 * n + k]!, b[r1 * n + k]!];
  }
}
