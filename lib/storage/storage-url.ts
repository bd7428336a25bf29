export const STORAGE_URL_RULE = "must be s3://bucket or s3://bucket/prefix (leave it unset for the data directory)";

/** `s3://bucket/prefix` → the bucket and a prefix that is "" or ends in "/". No SDK here: env.ts checks it. */
export function parseStorageUrl(value: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!match) throw new Error(`DARKROOM_STORAGE_URL=${JSON.stringify(value)}: ${STORAGE_URL_RULE}`);
  const prefix = (match[2] ?? "").replace(/^\/+|\/+$/g, "");
  return { bucket: match[1]!, prefix: prefix ? `${prefix}/` : "" };
}

export const isStorageUrl = (value: string) => {
  try {
    parseStorageUrl(value);
    return true;
  } catch {
    return false;
  }
};
