export const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");
export const pad = (s: string, n: number) => s.padEnd(n);
export const lpad = (s: string, n: number) => s.padStart(n);

/** A ratio with its target: "1.03× ✓" or "1.31× ✗ (≤ 1.25)". */
export function against(value: number, target: { max?: number; min?: number } | undefined): string {
  if (!target || !Number.isFinite(value)) return ratio(value);
  const ok = (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
  return `${ratio(value)} ${ok ? "✓" : `✗ (${target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`})`}`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A plain-text table for the terminal. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}`;
  return [line(header), ...rows.map(line)].join("\n");
}
