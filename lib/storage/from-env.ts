import { DeferredStorage } from "./deferred-storage";
import { LocalStorage } from "./local-storage";
import type { ImageStorage } from "./storage";
import { parseStorageUrl } from "./storage-url";

export type StorageEnv = Record<string, string | undefined>;

/**
 * The storage the environment asks for: the data directory's `images/` when DARKROOM_STORAGE_URL is unset,
 * otherwise that bucket. The S3 client takes the AWS SDK's own variables (AWS_ENDPOINT_URL_S3 or
 * AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles).
 */
export function createStorage(source: StorageEnv, localRoot: string): ImageStorage {
  const url = source.DARKROOM_STORAGE_URL?.trim();
  if (!url) return new LocalStorage(localRoot);
  parseStorageUrl(url); // a bad URL fails here, at start, not on the first image
  // The AWS SDK costs ~120 ms and ~26 MB to load: only a deployment that uses a bucket pays for it.
  return new DeferredStorage(import("./s3-storage").then((m) => m.s3StorageFromEnv(source)));
}
