// `npm run bench:storage`: the S3 storage driver against the local directory driver on one 1024×1024 PNG,
// store (put) and serve (open and read the stream to the end), in ms per operation. The S3 side is a local
// s3rver on loopback (the same S3-protocol server the tests use): it measures the driver and the protocol,
// not a network. `npm run bench` prints the same row (storageRows).
//
//   --ops <n>   operations per driver (default 40, after 5 warm-up operations)
import { randomFillSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { createStorage } from "@/lib/storage/from-env";
import type { ImageStorage } from "@/lib/storage/storage";
import { startLocalS3 } from "../tests/unit/storage/s3-server";
import { ms, ratio, textTable } from "./lib/format";

export interface StorageReport {
  bytes: number;
  ops: number;
  local: { storeMs: number; serveMs: number };
  s3: { storeMs: number; serveMs: number };
  /** S3 total ms per store+serve over the local driver's. */
  ratio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A 1024² PNG of noise (incompressible: about 3 MB, the upper end of what providers answer with). */
async function testImage(): Promise<Buffer> {
  const noise = randomFillSync(Buffer.alloc(1024 * 1024 * 3));
  return sharp(noise, { raw: { width: 1024, height: 1024, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
}

async function drain(storage: ImageStorage, key: string): Promise<void> {
  const object = await storage.open(key);
  if (!object) throw new Error(`${key} is missing`);
  const reader = object.body.getReader();
  while (!(await reader.read()).done);
}

async function measure(storage: ImageStorage, image: Buffer, ops: number): Promise<{ storeMs: number; serveMs: number }> {
  const store: number[] = [];
  const serve: number[] = [];
  for (let i = -5; i < ops; i++) {
    // A distinct object each time (content-addressed keys): the last bytes of the file carry the counter.
    const bytes = Buffer.from(image);
    bytes.writeUInt32BE((i + 5) >>> 0, bytes.length - 4);
    let t = performance.now();
    const key = await storage.put(bytes, "png");
    const stored = performance.now() - t;
    t = performance.now();
    await drain(storage, key);
    const served = performance.now() - t;
    if (i >= 0) {
      store.push(stored);
      serve.push(served);
    }
  }
  return { storeMs: median(store), serveMs: median(serve) };
}

/** Runs both drivers in this process, one after the other, on fresh storage. */
export async function runStorageBench(ops = 40): Promise<StorageReport> {
  const dir = await mkdtemp(path.join(tmpdir(), "darkroom-bench-storage-"));
  const s3 = await startLocalS3("darkroom-bench");
  try {
    const image = await testImage();
    const local = await measure(createStorage({}, path.join(dir, "images")), image, ops);
    const remote = await measure(createStorage(s3.env, path.join(dir, "unused")), image, ops);
    return { bytes: image.length, ops, local, s3: remote, ratio: (remote.storeMs + remote.serveMs) / (local.storeMs + local.serveMs) };
  } finally {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The rows `npm run bench` and `bench:storage` print: driver, store, serve, total, ratio to local. */
export function storageRows(report: StorageReport): { header: string[]; rows: string[][] } {
  const total = (d: { storeMs: number; serveMs: number }) => d.storeMs + d.serveMs;
  return {
    header: [`storage (1024² PNG, ${(report.bytes / 1e6).toFixed(2)} MB)`, "store ms/op", "serve ms/op", "total ms/op", "vs local"],
    rows: [
      ["local directory", ms(report.local.storeMs), ms(report.local.serveMs), ms(total(report.local)), ratio(1)],
      ["S3 (s3rver on loopback)", ms(report.s3.storeMs), ms(report.s3.serveMs), ms(total(report.s3)), ratio(report.ratio)],
    ],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ strict: false, options: { ops: { type: "string", default: "40" } } });
  const report = await runStorageBench(Number(values.ops));
  const table = storageRows(report);
  console.log(`\n${textTable(table.header, table.rows)}\n`);
  console.log(`  S3 driver: ${ratio(report.ratio)} the local driver's time per store + serve (median of ${report.ops} operations each)`);
}
