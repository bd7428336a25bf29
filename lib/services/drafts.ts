import "server-only";
import { createHash } from "node:crypto";
import * as repo from "@/lib/db/drafts";

// Browsers and proxies refuse request lines of a few tens of kilobytes (HTTP 431); a link stays far below.
export const DRAFT_ID = /^d_[A-Za-z0-9_-]{16}$/;

/** Stores playground settings too long for a link and returns the short id that stands for them. */
export async function saveDraft(body: Record<string, unknown>): Promise<string> {
  const id = `d_${createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 16)}`;
  await repo.saveDraft({ id, body });
  return id;
}

export async function loadDraft(id: string): Promise<Record<string, unknown> | null> {
  return DRAFT_ID.test(id) ? repo.findDraft({ id }) : null;
}
