import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { deliverLinkToken, LINK_TTL_SECONDS } from "./links";

const secretHolder = globalThis as unknown as { darkroomAuthSecret?: string };

/**
 * better-auth owns passwords (scrypt), sessions and cookies; Darkroom only configures it. The secret (for
 * session cookies and signed image URLs) is BETTER_AUTH_SECRET or one generated once into the data dir, so
 * sessions and signed URLs survive restarts.
 */
export function authSecret(): string {
  if (secretHolder.darkroomAuthSecret) return secretHolder.darkroomAuthSecret;
  let value = process.env.BETTER_AUTH_SECRET;
  if (!value) {
    const file = path.resolve(env().DARKROOM_DATA_DIR, "auth-secret");
    value = (() => { try { return readFileSync(file, "utf8").trim(); } catch { return ""; } })();
    if (!value) {
      mkdirSync(path.dirname(file), { recursive: true });
      value = randomBytes(32).toString("base64url");
      writeFileSync(file, value, { mode: 0o600 });
    }
  }
  return (secretHolder.darkroomAuthSecret = value);
}

/** The request's own origin (Origin naming the Host it was sent to) and DARKROOM_PUBLIC_URL are trusted. */
function sameHostOrigin(request: Request | undefined): string[] {
  const publicUrl = env().DARKROOM_PUBLIC_URL;
  const trusted = publicUrl ? [new URL(publicUrl).origin] : [];
  const origin = request?.headers.get("origin");
  const host = request?.headers.get("host");
  if (origin && host && URL.canParse(origin) && new URL(origin).host === host) trusted.push(new URL(origin).origin);
  return trusted;
}

async function build() {
  const { DARKROOM_PUBLIC_URL } = env();
  return betterAuth({
    secret: authSecret(),
    baseURL: DARKROOM_PUBLIC_URL,
    database: prismaAdapter(await db(), { provider: "postgresql" }),
    user: { modelName: "authUser" },
    session: { modelName: "authSession" },
    account: { modelName: "authAccount" },
    verification: { modelName: "authVerification" },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      // Invites and admin resets are better-auth reset tokens: one-time, expiring, shown to the admin as a link.
      sendResetPassword: deliverLinkToken,
      resetPasswordTokenExpiresIn: LINK_TTL_SECONDS,
      revokeSessionsOnPasswordReset: true,
    },
    // Links come only from an admin (lib/services/accounts-admin.ts): nobody asks for one over HTTP.
    disabledPaths: ["/request-password-reset", "/forget-password"],
    // better-auth's own HTTP endpoints (/api/auth/sign-in/email…) keep its limiter, on in every environment,
    // with sign-in held to a few tries a minute; the sign-in page's action has lib/auth/sign-in-limit.ts.
    rateLimit: { enabled: true, window: 60, max: 100, customRules: { "/sign-in/email": { window: 60, max: 10 } } },
    // Darkroom runs offline: no telemetry, and the proxy already refuses foreign origins.
    telemetry: { enabled: false },
    advanced: { defaultCookieAttributes: { sameSite: "lax", httpOnly: true } },
    trustedOrigins: (request) => sameHostOrigin(request),
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
