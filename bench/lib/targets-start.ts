import { directTarget, startDarkroom, type DarkroomGateway } from "./gateways";
import { startFakeUpstream, type FakeUpstream } from "./fake-upstream";
import { settledRss } from "../memory";
import { photoLikePng } from "./photo";
import { startFloorGateway, startPortkey } from "./side-gateways";
import type { Target } from "../side-by-side";

export interface Started {
  targets: Map<string, Target>;
  darkroom: DarkroomGateway;
  fake: FakeUpstream;
  /** Bytes of each image the fake sends (the PNG and its 36-byte unique marker). */
  imageBytes: number;
  delayMs: number;
  /** Darkroom's resident memory once started and idle, before any generation. */
  idleAfterStartBytes: number;
  stop(): Promise<void>;
}

/** One request of each format through a gateway, checked: a misrouted run (errors, wrong bytes) never yields figures. */
async function sanity(target: Target, imageBytes: number): Promise<void> {
  for (const format of ["b64_json", "url"] as const) {
    const answer = await fetch(target.url, { method: "POST", headers: { "content-type": "application/json", ...target.headers }, body: JSON.stringify(target.body(format)) });
    const text = await answer.text();
    if (answer.status !== 200) throw new Error(`${target.name} answered ${answer.status}: ${text.slice(0, 400)}`);
    const entry = (JSON.parse(text) as { data: { b64_json?: string; url?: string }[] }).data[0]!;
    // The floor answers a URL it does not serve (it only stands for the work of storing the file).
    const served = entry.url && target.name.startsWith("darkroom") ? Buffer.from(await (await fetch(entry.url)).arrayBuffer()) : undefined;
    const bytes = entry.b64_json ? Buffer.from(entry.b64_json, "base64") : served;
    if (bytes && bytes.byteLength !== imageBytes) throw new Error(`${target.name} (${format}) gave ${bytes.byteLength} bytes; the fake sent ${imageBytes}`);
  }
}

/** The fake upstream and every gateway in front of it, started and checked. */
export async function startTargets(options: { postgres?: string; delayMs?: number }): Promise<Started> {
  const png = await photoLikePng();
  const delayMs = options.delayMs ?? 200;
  const fake = await startFakeUpstream({ png, delayMs });
  const stops: (() => Promise<void>)[] = [() => fake.close()];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const darkroom = await startDarkroom(fake, { name: "darkroom" });
    stops.push(darkroom.stop);
    const idleAfterStartBytes = await settledRss(darkroom.pid);
    const targets = new Map<string, Target>([["direct", directTarget(fake)], ["darkroom", darkroom]]);
    if (options.postgres) {
      const pg = await startDarkroom(fake, { name: "darkroom-pg", postgres: options.postgres });
      stops.push(pg.stop);
      targets.set("darkroom-pg", pg);
    }
    for (const start of [startFloorGateway, startPortkey]) {
      const g = await start(fake);
      stops.push(g.stop);
      targets.set(g.name, g);
    }
    const imageBytes = png.byteLength + 36;
    for (const [name, target] of targets) if (name !== "direct") await sanity(target, imageBytes);
    return { targets, darkroom, fake, imageBytes, delayMs, idleAfterStartBytes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
