import { Badge, SimulatedBadge } from "@/components/ui/badge";

/** Whether a provider can serve on this server right now. */
export function ProviderStatus({ configured, simulated }: { configured: boolean; simulated: boolean }) {
  if (simulated) return configured ? <SimulatedBadge /> : <Badge>simulator off</Badge>;
  return configured ? <Badge tone="green">configured</Badge> : <Badge>not configured</Badge>;
}
