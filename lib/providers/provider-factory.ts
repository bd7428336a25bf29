import type { Env } from "@/lib/config/env";
import type { Provider } from "./types";

/** A real upstream the gateway knows: `create` returns undefined when its keys are not configured. */
export interface ProviderFactory {
  id: string;
  name: string;
  enabledBy: string[];
  create(env: Env): Provider | undefined;
}
