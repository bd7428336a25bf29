import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { checkKey, contentKey, StorageMissingError, type ImageStorage, type StoredObject } from "./storage";
import { parseStorageUrl } from "./storage-url";

const CONTENT_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp", gif: "image/gif", avif: "image/avif" };

/** How long a presigned URL handed to a browser stays valid. */
const SIGNED_URL_SECONDS = 300;

export interface S3StorageSettings {
  client: S3Client;
  bucket: string;
  /** Prepended to every object key ("" or ending in "/"). */
  prefix: string;
  /** Whether serving may redirect to a presigned URL instead of streaming through the gateway. */
  redirect: boolean;
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound");

/**
 * Image objects in an S3-compatible bucket (AWS S3, R2, MinIO, Ceph), under the same content-derived keys
 * as the local directory, so every instance sees every image. Reads stream from the GetObject body.
 */
export class S3Storage implements ImageStorage {
  constructor(private readonly settings: S3StorageSettings) {}

  objectKey(key: string): string {
    return `${this.settings.prefix}${checkKey(key)}`;
  }

  async put(bytes: Uint8Array, extension: string): Promise<string> {
    const key = contentKey(bytes, extension);
    await this.putAt(key, bytes);
    return key;
  }

  async putAt(key: string, bytes: Uint8Array): Promise<void> {
    if (await this.has(key)) return;
    const extension = key.slice(key.lastIndexOf(".") + 1);
    // One PUT is atomic: a reader sees the whole object or none.
    await this.settings.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.objectKey(key),
        Body: bytes,
        ContentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
        CacheControl: "public, max-age=31536000, immutable",
      }),
    );
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.settings.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async read(key: string): Promise<Buffer> {
    const object = await this.getObject(key);
    if (!object) throw new StorageMissingError(`no stored object ${key}`);
    return Buffer.from(await object.body.transformToByteArray());
  }

  async open(key: string): Promise<StoredObject | undefined> {
    const answer = await this.getObject(key);
    return answer && { size: answer.size, body: answer.body.transformToWebStream() };
  }

  async redirectUrl(key: string, options: { filename?: string; contentType: string }): Promise<string | undefined> {
    if (!this.settings.redirect) return undefined;
    const command = new GetObjectCommand({
      Bucket: this.settings.bucket,
      Key: this.objectKey(key),
      ResponseContentType: options.contentType,
      ...(options.filename ? { ResponseContentDisposition: `attachment; filename="${options.filename}"` } : {}),
    });
    return getSignedUrl(this.settings.client, command, { expiresIn: SIGNED_URL_SECONDS });
  }

  async remove(key: string): Promise<void> {
    await this.settings.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
  }

  private async getObject(key: string) {
    try {
      const answer = await this.settings.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      if (!answer.Body) return undefined;
      return { body: answer.Body, size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

/**
 * The bucket DARKROOM_STORAGE_URL names, with a client configured from the AWS SDK's own variables
 * (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles).
 */
export function s3StorageFromEnv(source: Record<string, string | undefined>): S3Storage {
  const { bucket, prefix } = parseStorageUrl(source.DARKROOM_STORAGE_URL!.trim());
  const endpoint = source.AWS_ENDPOINT_URL_S3 || source.AWS_ENDPOINT_URL;
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
    ...(endpoint ? { endpoint } : {}),
  });
  return new S3Storage({ client, bucket, prefix, redirect: source.DARKROOM_STORAGE_REDIRECT === "true" });
}
