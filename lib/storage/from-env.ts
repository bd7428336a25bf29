import { S3Client } from "@aws-sdk/client-s3";
import { LocalStorage } from "./local-storage";
import { S3Storage } from "./s3-storage";
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
  const { bucket, prefix } = parseStorageUrl(url);
  const client = new S3Client({
    region: source.AWS_REGION || source.AWS_DEFAULT_REGION || "us-east-1",
    forcePathStyle: source.DARKROOM_S3_FORCE_PATH_STYLE === "true",
    // Checksums only where S3 requires them: several S3-compatible servers reject the SDK's default ones.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // Given here when the environment names them; otherwise the SDK's chain (profiles, roles) finds them.
    ...(source.AWS_ACCESS_KEY_ID && source.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: source.AWS_ACCESS_KEY_ID, secretAccessKey: source.AWS_SECRET_ACCESS_KEY, sessionToken: source.AWS_SESSION_TOKEN } }
      : {}),
    ...(source.AWS_ENDPOINT_URL_S3 || source.AWS_ENDPOINT_URL ? { endpoint: source.AWS_ENDPOINT_URL_S3 || source.AWS_ENDPOINT_URL } : {}),
  });
  return new S3Storage({ client, bucket, prefix, redirect: source.DARKROOM_STORAGE_REDIRECT === "true" });
}
