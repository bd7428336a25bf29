import type { ProviderFactory } from "./provider-factory";
import { aimlapiProvider } from "./aimlapi";
import { apiframeProvider } from "./apiframe";
import { falProvider } from "./fal";
import { geminiProvider } from "./gemini";
import { lumenfallProvider } from "./lumenfall";
import { openaiProvider } from "./openai";
import { replicateProvider } from "./replicate";
import { vertexProvider } from "./vertex";

export type { ProviderFactory } from "./provider-factory";

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
