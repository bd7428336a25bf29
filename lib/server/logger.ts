import "server-only";
import pino, { type Logger } from "pino";
import { env } from "@/lib/config/env";

const holder = globalThis as unknown as { darkroomLogger?: Logger };

export function logger(): Logger {
  holder.darkroomLogger ??= pino({ name: "darkroom", level: env().LOG_LEVEL });
  return holder.darkroomLogger;
}
