import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/** How long an invite or password-reset link works (better-auth's reset token expiry). */
export const LINK_TTL_SECONDS = 7 * 24 * 3600;

/**
 * better-auth mints and stores the one-time token and would email its link; Darkroom sends no email, so the
 * admin's action that asked for it catches the token here and shows the link to the admin instead.
 */
// On globalThis: the better-auth instance (also on globalThis) was built by whichever route bundle came
// first, and its sendResetPassword must see the store of the bundle whose action asked.
const holder = globalThis as { darkroomLinkTokens?: AsyncLocalStorage<{ token?: string }> };
const pending = (holder.darkroomLinkTokens ??= new AsyncLocalStorage());

export async function captureLinkToken(run: () => Promise<unknown>): Promise<string | undefined> {
  const box: { token?: string } = {};
  await pending.run(box, run);
  return box.token;
}

/** better-auth's sendResetPassword: outside captureLinkToken there is nobody to hand the token to. */
export async function deliverLinkToken({ token }: { token: string }): Promise<void> {
  const box = pending.getStore();
  if (box) box.token = token;
}

/** The page a link opens (relative: the admin's browser knows the origin). */
export const linkPath = (token: string) => `/invite/${encodeURIComponent(token)}`;
