import { seesEverything, userScope, type Viewer } from "@/lib/auth/viewer";
import { invalidRequest } from "@/lib/generation/errors";
import type { BoardScope } from "./leaderboard";

/**
 * A board counts everyone's votes: ratings are aggregates and name no one's prompts. `user` narrows it to
 * one user's votes (`me` is the viewer): admins and operator keys may name anyone; anyone else gets their
 * own scope (lib/auth/viewer userScope), and naming another user is refused rather than silently narrowed.
 */
export function voterFilter(viewer: Viewer, user: string | null | undefined): BoardScope {
  const wanted = user?.trim();
  if (!wanted) return {};
  const self = viewer.kind === "user" ? viewer.userId : undefined;
  if (seesEverything(viewer) && (wanted !== "me" || self)) return { userId: wanted === "me" ? self : wanted };
  const own = userScope(viewer).userId;
  if (typeof own === "string" && (wanted === "me" || wanted === own)) return { userId: own };
  if (wanted === "me") throw invalidRequest("user=me needs a signed-in user (or a key a user owns)", "user", "no_user");
  throw invalidRequest("You can filter a board by your own votes only (user=me)", "user", "user_filter_forbidden");
}
