import { readFileSync } from "node:fs";
import { ensureBuild, treeRss } from "./lib/app";
import { startFakeUpstream } from "./lib/fake-upstream";
import { startDarkroom } from "./lib/gateways";
import { load } from "./lib/load";
import { photoLikePng } from "./lib/photo";
const rss = (pid: number) => (treeRss(pid)! / 1048576).toFixed(0);
function maps(pid: number) {
  const text = readFileSync(`/proc/${pid}/smaps`, "utf8");
  const groups = new Map<string, number>();
  let name = "";
  for (const line of text.split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) { name = head[1] || "[anon]"; if (name.includes("/")) name = name.split("/").slice(-1)[0]!; continue; }
    const r = /^Rss:\s+(\d+) kB/.exec(line);
    if (r) groups.set(name, (groups.get(name) ?? 0) + Number(r[1]));
  }
  return [...groups].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, kb]) => `${n} ${(kb / 1024).toFixed(0)}MB`).join(", ");
}
import { MALLOC_ENV } from "@/lib/cli/server-env";
if (process.env.MMAP) (MALLOC_ENV as Record<string, string>).MALLOC_MMAP_THRESHOLD_ = process.env.MMAP;
ensureBuild();
const fake = await startFakeUpstream({ png: await photoLikePng(), delayMs: 200 });
const d = await startDarkroom(fake, { name: "darkroom" });
await new Promise((r) => setTimeout(r, 3000));
console.log("after start", rss(d.app.pid), "|", maps(d.app.pid));
await load({ url: d.url, body: d.body("url"), connections: 1, perConnection: 2 });
await new Promise((r) => setTimeout(r, 4000));
console.log("after 2 requests", rss(d.app.pid), "|", maps(d.app.pid));
await load({ url: d.url, body: d.body("url"), connections: 64, perConnection: 6 });
await new Promise((r) => setTimeout(r, 6000));
console.log("after c=64 load", rss(d.app.pid), "|", maps(d.app.pid));
await d.stop(); await fake.close();
