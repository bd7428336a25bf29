/** Levenshtein distance; small inputs only (model ids), so the quadratic table is fine. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Up to three candidates that look like `input`: substring matches first, then small edit distances. */
export function closestMatches(input: string, candidates: string[]): string[] {
  const needle = input.toLowerCase();
  const scored = candidates.map((c) => {
    const hay = c.toLowerCase();
    const contains = hay.includes(needle) || needle.includes(hay);
    return { c, score: contains ? 0 : distance(needle, hay) };
  });
  const limit = Math.max(3, Math.floor(needle.length / 3));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map((s) => s.c);
}
