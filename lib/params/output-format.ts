import type { OutputFormat } from "./request-schema";

/** libvips encodes AVIF slowly; beyond this edge the gateway keeps the original format (DESIGN.md). */
export const AVIF_MAX_EDGE = 1600;

export interface FormatPlan {
  format: OutputFormat;
  warning?: string;
}

/** The format an image is delivered in, given what was asked and what the provider produced. */
export function planOutputFormat(requested: OutputFormat | undefined, produced: OutputFormat, width: number, height: number): FormatPlan {
  if (!requested) return { format: produced };
  if (requested === "avif" && Math.max(width, height) > AVIF_MAX_EDGE) {
    return {
      format: produced,
      warning: `output_format avif is limited to ${AVIF_MAX_EDGE} px on the longest side; this ${width}x${height} image is delivered as ${produced}`,
    };
  }
  return { format: requested };
}
