import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";

/**
 * better-auth owns passwords (scrypt), sessions and cookies; Darkroom only configures it. The signing
 * secret is BETTER_AUTH_SECRET or one generated once into the data dir, so sessions survive restarts.
 */
async function secret(): Promise<string> {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.resolve(env().DARKROOM_DATA_DIR, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim()) return existing.trim();
  await mkdir(path.dirname(file), { recursive: true });
  const fresh = randomBytes(32).toString("base64url");
  await writeFile(file, fresh, { mode: 0o600 });
  return fresh;
}

async function build() {
  const { DARKROOM_PUBLIC_URL } = env();
  return betterAuth({
    secret: await secret(),
    baseURL: DARKROOM_PUBLIC_URL,
    database: prismaAdapter(await db(), { provider: "postgresql" }),
    user: { modelName: "authUser" },
    session: { modelName: "authSession" },
    account: { modelName: "authAccount" },
    verification: { modelName: "authVerification" },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    // Darkroom runs offline: no telemetry, and the proxy already refuses foreign origins.
    telemetry: { enabled: false },
    advanced: { defaultCookieAttributes: { sameSite: "lax", httpOnly: true } },
    trustedOrigins: (request) => (request ? [new URL(request.url).origin] : []),
    plugins: [admin({ defaultRole: "member", adminRoles: ["admin"] }), nextCookies()],
  });
}

export type Auth = Awaited<ReturnType<typeof build>>;

const holder = globalThis as unknown as { darkroomAuth?: Promise<Auth> };

/** The process's better-auth instance (built on first use: it needs the database). */
export function auth(): Promise<Auth> {
  holder.darkroomAuth ??= build().catch((error: unknown) => {
    holder.darkroomAuth = undefined;
    throw error;
  });
  return holder.darkroomAuth;
}
