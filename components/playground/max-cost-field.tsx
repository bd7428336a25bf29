"use client";
import { formatUsd } from "@/components/ui/format";
import { MaxCostInput } from "@/components/ui/max-cost-input";
import type { FieldGroupProps } from "./form-types";

/**
 * The API's max_cost_exceeded message ("No provider fits max_cost $0.01: the cheapest quote is $0.04 on
 * openai") in plain words, with the provider's display name; any other message is shown as it is.
 */
export function plainMaxCostError(message: string, nameOf: (provider: string) => string): string {
  const match = /max_cost \$([\d.e-]+): the cheapest quote is \$([\d.e-]+) on ([\w.-]+)/.exec(message);
  if (!match) return message;
  const [, cap, quote, provider] = match;
  return `No provider can make this for ${formatUsd(Number(cap))} or less: the cheapest quote is ${formatUsd(Number(quote))} on ${nameOf(provider!)}. Raise the max cost or clear it.`;
}

/** An optional price cap: providers whose estimate for this request is above it are not used. */
export function MaxCostField({ form, update, errorFor, nameOf }: FieldGroupProps & { nameOf: (provider: string) => string }) {
  const raw = errorFor("max_cost");
  const error = raw ? plainMaxCostError(raw, nameOf) : null;
  return (
    <MaxCostInput id="max-cost" hint="Optional. Only providers whose estimate fits are used." value={form.maxCost} error={error} onChange={(maxCost) => update({ maxCost })} />
  );
}
