import type { ActionError } from "@/lib/query/action-result";

export interface PlainError {
  title: string;
  /** One sentence per provider that failed, never the same reason twice. */
  reasons: string[];
  advice: string;
  /** Where the fix lives, when it is a set-up step. */
  link?: { href: string; label: string };
}

const ADVICE: Record<string, string> = {
  provider_unavailable: "Retry in a moment, or pick another provider under Provider.",
  all_providers_failed: "Retry, pick another provider, or change a parameter the providers rejected.",
  rate_limit_exceeded: "Wait a little before generating again, or pick another provider.",
  content_policy_violation: "Reword the prompt: the provider refused it.",
  upstream_invalid_request: "Change the parameter the provider rejected and generate again.",
};

const TITLES: Record<string, string> = {
  provider_unavailable: "The provider could not make this image",
  all_providers_failed: "No provider could make this image",
  rate_limit_exceeded: "The provider is rate limiting this server",
  content_policy_violation: "The prompt was refused",
};

/** Each provider's distinct reasons, in the order the message names them ("" for text naming none). */
function groupByProvider(message: string): Map<string, Set<string>> {
  const body = message.replace(/^(All providers failed\.|[\w.-]+ is unavailable:|[\w.-]+ is rate limiting this server:)\s*/, "");
  const byProvider = new Map<string, Set<string>>();
  for (const part of body.split("; ")) {
    const match = /^([\w.-]+): (.*)$/s.exec(part.trim());
    const [provider, reason] = match ? [match[1]!, match[2]!] : ["", part.trim()];
    if (!reason) continue;
    byProvider.set(provider, (byProvider.get(provider) ?? new Set()).add(reason.replace(/\s*\([^)]*\)\s*$/, "").replace(/\.$/, "")));
  }
  return byProvider;
}

/**
 * "local is unavailable: local: Simulated failure (…); local: Simulated failure (…)" names each failed attempt;
 * a person needs one line per provider. Segments are `provider: reason`, separated by "; ".
 */
export function reasonsByProvider(message: string): string[] {
  return [...groupByProvider(message)].map(([provider, reasons]) => {
    const list = [...reasons].join("; ");
    return provider ? `${provider}: ${list}.` : `${list}.`;
  });
}

/** The set-up of the one provider a message names, or the list of all of them. */
function setupLink(message: string): { href: string; label: string } {
  const named = [...groupByProvider(message).keys()].filter(Boolean);
  return named.length === 1 ? { href: `/models#provider-${named[0]}`, label: `Set up ${named[0]}` } : { href: "/models#providers", label: "Provider set-up" };
}

export function explainError(error: ActionError): PlainError {
  const code = error.code ?? "";
  const unconfigured = /not configured|api key|credentials|unauthori[sz]ed|401|403/i.test(error.message);
  return {
    title: TITLES[code] ?? "The generation failed",
    reasons: reasonsByProvider(error.message),
    advice: unconfigured ? "Check the provider's key on the Models page." : (ADVICE[code] ?? "Retry, or change the settings and generate again."),
    link: unconfigured ? setupLink(error.message) : undefined,
  };
}
