/** Splits n images into provider calls of at most `maxPerCall` each: 10 at 4 per call → [4, 4, 2]. */
export function splitImages(n: number, maxPerCall: number): number[] {
  const calls: number[] = [];
  for (let left = n; left > 0; left -= maxPerCall) calls.push(Math.min(left, maxPerCall));
  return calls;
}
