import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// On globalThis: every route bundle has its own copy of this module, and all are one instance.
const holder = globalThis as { darkroomInstanceId?: string };

/** This process's name in job locks and leases: host, pid and a random tail (pids repeat across restarts). */
export function instanceId(): string {
  return (holder.darkroomInstanceId ??= `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`);
}
