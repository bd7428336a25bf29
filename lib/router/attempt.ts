export type { AttemptRecord } from "@/lib/generation/attempt";
