import type { AttemptRecord } from "@/lib/generation/attempt";

/** OpenAI's Images `usage` object, as GPT image models answer it. */
export interface UsageJson {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details: { text_tokens: number; image_tokens: number };
}

/** Tokens over the attempts that reported any (an emulated n makes several calls); none for other models. */
export function usageJson(attempts: Pick<AttemptRecord, "usage">[]): UsageJson | undefined {
  const reported = attempts.flatMap((a) => (a.usage ? [a.usage] : []));
  if (reported.length === 0) return undefined;
  const sum = (pick: (u: (typeof reported)[number]) => number | undefined) => reported.reduce((total, u) => total + (pick(u) ?? 0), 0);
  const input = sum((u) => u.inputTokens);
  const image = sum((u) => u.inputImageTokens);
  const output = sum((u) => u.outputTokens);
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_tokens_details: { text_tokens: Math.max(0, input - image), image_tokens: image },
  };
}
