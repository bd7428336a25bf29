// In-process: a generation stored on an S3-protocol server (s3rver, started here), then its image, a
// conversion and its thumbnail served through the routes by a second storage client, as instance B would.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getImageFile, getThumbnailFile } from "@/lib/api/routes/images-files";
import { resetEnvForTests } from "@/lib/config/env";
import { serverContext } from "@/lib/server/context";
import { generate } from "@/lib/services/generate";
import { imagesBody } from "@/lib/api/images-body";
import { createStorage } from "@/lib/storage/from-env";
import { startLocalS3, type LocalS3 } from "../unit/storage/s3-server";

let dir: string;
let s3: LocalS3;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "darkroom-s3-app-"));
  s3 = await startLocalS3();
  Object.assign(process.env, { DARKROOM_DATA_DIR: dir, DARKROOM_SIMULATOR: "on", DARKROOM_PROVIDERS_FILE: path.join(dir, "none.json"), ...s3.env });
  resetEnvForTests();
});

afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (route: typeof getImageFile, file: string) => route(new Request(`http://x/images/${file}`), { params: Promise.resolve({ file }) });

describe("image bytes on S3", () => {
  it("generates into the bucket; another storage client serves the image, a conversion and the thumbnail", async () => {
    const body = imagesBody((await generate({ body: { model: "local/flux-schnell", prompt: "a bucket of light", n: 2 }, source: "api" })).generation);
    expect(body.data).toHaveLength(2);
    // Nothing went to the local data directory.
    expect(await readdir(path.join(dir, "images")).catch(() => [])).toEqual([]);

    // Instance B: the same bucket through a storage client of its own.
    Object.assign(serverContext(), { storage: createStorage({ ...process.env }, path.join(dir, "other")) });
    const [image] = body.darkroom.images;
    const original = await get(getImageFile, `${image!.id}.png`);
    expect(original.status).toBe(200);
    expect((await sharp(Buffer.from(await original.arrayBuffer())).metadata()).width).toBe(image!.width);
    const webp = await get(getImageFile, `${image!.id}.webp`);
    expect(webp.status).toBe(200);
    expect((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).format).toBe("webp");
    const thumb = await get(getThumbnailFile, `${image!.id}.webp`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
  });
});
