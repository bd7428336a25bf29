import { HandlingBadge } from "@/components/ui/badge";
import type { ParamHandling } from "./catalog";

/** How the provider that will serve the request treats a parameter; plain passthrough needs no badge. */
export function ParamBadge({ handling, providerName }: { handling: ParamHandling | undefined; providerName: string }) {
  if (!handling || handling.handling === "passthrough") return null;
  const detail = [handling.wire ? `sent as ${handling.wire}` : null, handling.note].filter(Boolean).join("; ");
  return <HandlingBadge handling={handling.handling} title={`${providerName}: ${handling.handling}${detail ? ` (${detail})` : ""}`} />;
}
