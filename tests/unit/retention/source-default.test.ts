import { describe, expect, it } from "vitest";
import { getImageFile } from "@/lib/api/routes/images-files";
import { POST } from "@/lib/api/routes/images-generations";
import { addToBoard, createBoard } from "@/lib/services/boards";
import { sweepRetention } from "@/lib/services/retention";
import { useInProcessApp } from "../../helpers/in-process";

// The server's per-source default (DARKROOM_RETENTION_API_DAYS) and what a request or a board overrides.

const prisma = useInProcessApp({ DARKROOM_RETENTION_API_DAYS: "3" });

const generate = async (body: Record<string, unknown>) => {
  const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "local/flux-dev", response_format: "url", ...body }) };
  const res = await POST(new Request("http://127.0.0.1/v1/images/generations", init), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: { url: string }[]; darkroom: { id: string } };
};
const status = async (url: string) => {
  const file = new URL(url).pathname.split("/").pop()!;
  const res = await getImageFile(new Request(url), { params: Promise.resolve({ file }) });
  await res.body?.cancel();
  return res.status;
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

describe("per-source retention", () => {
  it("purges API generations after the source's days, except board members and requests that ask store: true", async () => {
    const plain = await generate({ prompt: "three days", seed: 51 });
    const onBoard = await generate({ prompt: "on a board", seed: 52 });
    const kept = await generate({ prompt: "keep me", seed: 53, store: true });
    const board = await createBoard({ name: "keepers" });
    await addToBoard({ boardId: board.id, generationIds: [onBoard.darkroom.id] });

    expect(await sweepRetention({ now: inDays(2) })).toMatchObject({ purged: 0 });
    const swept = await sweepRetention({ now: inDays(4), batch: 1 });
    expect(swept.purged).toBe(1);
    expect(await status(plain.data[0]!.url)).toBe(410);
    expect(await status(onBoard.data[0]!.url)).toBe(200);
    expect(await status(kept.data[0]!.url)).toBe(200);
    const row = await prisma().generation.findUnique({ where: { id: plain.darkroom.id }, include: { attempts: true } });
    expect(row).toMatchObject({ prompt: "", status: "succeeded" });
    expect(row!.attempts).toHaveLength(1);
    expect(await sweepRetention({ now: inDays(4) })).toMatchObject({ purged: 0 });
  });
});
