import type { AttemptRecord } from "@/lib/generation/attempt";
import type { Generation } from "@/lib/generation/generation";
import { EXTENSIONS } from "@/lib/images/sniff";
import { signImageUrl } from "@/lib/auth/signed-url";

// Signed (HMAC over path and expiry) when accounts are on, so API clients fetch them without a cookie.
export const imageUrl = (publicUrl: string, image: { id: string; format: string }) =>
  signImageUrl(`${publicUrl}/images/${image.id}.${EXTENSIONS[image.format as keyof typeof EXTENSIONS] ?? image.format}`);
export const thumbnailUrl = (publicUrl: string, image: { id: string }) => signImageUrl(`${publicUrl}/images/thumbs/${image.id}.webp`);

type StoredAttempt = Omit<AttemptRecord, "startedAt"> & { startedAt: string };

/**
 * What a finished generation keeps in its row: the typed result without image bytes, as JSON text,
 * because a jsonb column reorders object keys and a replay must render the very same bytes.
 */
export interface StoredGeneration {
  generationJson: string;
}

export const storeGeneration = (g: Generation): StoredGeneration => ({
  generationJson: JSON.stringify({ ...g, images: g.images.map(({ base64: _bytes, ...image }) => image) }),
});

export const isStoredGeneration = (value: unknown): value is StoredGeneration =>
  typeof value === "object" && value !== null && typeof (value as { generationJson?: unknown }).generationJson === "string";

export function restoreGeneration(stored: StoredGeneration): Generation {
  const g = JSON.parse(stored.generationJson) as Omit<Generation, "attempts"> & { attempts: StoredAttempt[] };
  return { ...g, attempts: g.attempts.map((a) => ({ ...a, startedAt: new Date(a.startedAt) })) };
}
