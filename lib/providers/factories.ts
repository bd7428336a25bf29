import type { Env } from "@/lib/config/env";
import type { Provider } from "./types";
import { aimlapiProvider } from "./aimlapi";
import { apiframeProvider } from "./apiframe";
import { falProvider } from "./fal";
import { geminiProvider } from "./gemini";
import { lumenfallProvider } from "./lumenfall";
import { openaiProvider } from "./openai";
import { replicateProvider } from "./replicate";
import { vertexProvider } from "./vertex";

/** A real upstream the gateway knows: `create` returns undefined when its keys are not configured. */
export interface ProviderFactory {
  id: string;
  name: string;
  enabledBy: string[];
  create(env: Env): Provider | undefined;
}

export const REAL_PROVIDERS: ProviderFactory[] = [
  vertexProvider,
  geminiProvider,
  falProvider,
  replicateProvider,
  openaiProvider,
  lumenfallProvider,
  aimlapiProvider,
  apiframeProvider,
];
