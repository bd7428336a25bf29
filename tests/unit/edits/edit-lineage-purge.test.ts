import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { deletePayloadsRoute } from "@/lib/api/routes/purge";
import { getInputFile } from "@/lib/api/routes/input-files";
import { POST } from "@/lib/api/routes/images-generations";
import { editImages, listEditableModels } from "@/lib/services/edit";
import { deleteGenerations } from "@/lib/services/gallery";
import { editsOf, generationInputsView } from "@/lib/services/edit-inputs-view";
import { serverContext } from "@/lib/server/context";
import { useInProcessApp } from "../../helpers/in-process";

// The service the playground calls, gallery lineage, input files, and purging an edit's inputs.

const prisma = useInProcessApp();

const generated = async () => {
  const res = await POST(
    new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "local/gpt-image-1.5", prompt: "a lighthouse", response_format: "url" }) }),
    { params: Promise.resolve({}) },
  );
  return (await res.json()) as { darkroom: { id: string; images: { id: string }[] } };
};
const purge = (id: string) => deletePayloadsRoute(new Request(`http://127.0.0.1/v1/requests/${id}/payloads`, { method: "DELETE" }), { params: Promise.resolve({ id }) });
const inputFile = (url: string) => {
  const file = new URL(url).pathname.split("/").pop()!;
  return getInputFile(new Request(url), { params: Promise.resolve({ file }) });
};
const upload = () => sharp({ create: { width: 512, height: 512, channels: 3, background: "#884422" } }).png().toBuffer();

describe("editImages (the playground's service) and the gallery's view of an edit", () => {
  it("edits a gallery image by id: the edit links to its parent and lists its inputs with URLs", async () => {
    const parent = await generated();
    const { generation } = await editImages({ images: [{ imageId: parent.darkroom.images[0]!.id }], body: { prompt: "at night", model: "gpt-image-1.5" }, source: "playground" });
    const row = await prisma().generation.findUniqueOrThrow({ where: { id: generation.id } });
    expect(row).toMatchObject({ operation: "edit", parentGenerationId: parent.darkroom.id, source: "playground" });
    const inputs = await generationInputsView(generation.id, "http://127.0.0.1");
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ role: "image", sourceImageId: parent.darkroom.images[0]!.id, sourceGenerationId: parent.darkroom.id });
    const file = await inputFile(inputs[0]!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).width).toBe(1024);
    expect(await editsOf(parent.darkroom.id)).toEqual([expect.objectContaining({ id: generation.id })]);
  });

  it("refuses an unknown gallery image id, and one the viewer may not open, alike as a 400 on image", async () => {
    await expect(editImages({ images: [{ imageId: "img_nope" }], body: { prompt: "x", model: "gpt-image-1.5" }, source: "playground" })).rejects.toMatchObject({ param: "image", code: "image_not_found" });
    const parent = await generated();
    const imageId = parent.darkroom.images[0]!.id;
    const stranger = { kind: "key", apiKeyId: "key_someone_else" } as const;
    await expect(editImages({ images: [{ imageId }], body: { prompt: "x", model: "gpt-image-1.5" }, source: "api", viewer: stranger })).rejects.toMatchObject({ param: "image", code: "image_not_found" });
    await expect(editImages({ images: [{ imageId }], body: { prompt: "x", model: "gpt-image-1.5" }, source: "api", owner: { userId: "usr_other" } })).rejects.toMatchObject({ code: "image_not_found" });
  });

  it("lists editable models with their input limits and mask support", () => {
    const models = listEditableModels();
    expect(models.find((m) => m.id === "gpt-image-1.5")).toMatchObject({ maxInputImages: 16, mask: true, providers: expect.arrayContaining(["openai", "local"]) });
    expect(models.find((m) => m.id === "flux-kontext-pro")).toMatchObject({ maxInputImages: 1, providers: expect.arrayContaining(["fal", "replicate"]) });
    expect(models.some((m) => m.id === "imagen-4.0-generate-001")).toBe(false);
  });
});

describe("purging an edit purges its inputs", () => {
  it("removes the input rows and their files, and their URLs stop answering", async () => {
    const mask = await sharp({ create: { width: 512, height: 512, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const { generation } = await editImages({ images: [{ bytes: await upload() }], mask: { bytes: mask }, body: { prompt: "purge me", model: "gpt-image-1.5" }, source: "api" });
    const inputs = await generationInputsView(generation.id, "http://127.0.0.1");
    expect(inputs.map((i) => i.role)).toEqual(["image", "mask"]);
    const keys = (await prisma().generationInput.findMany({ where: { generationId: generation.id } })).map((i) => i.storageKey);
    expect((await purge(generation.id)).status).toBe(200);
    expect(await prisma().generationInput.count({ where: { generationId: generation.id } })).toBe(0);
    for (const key of keys) expect(await serverContext().storage.has(key)).toBe(false);
    expect((await inputFile(inputs[0]!.url)).status).toBe(404);
  });

  it("keeps a file an edit's input shares with the image it came from when either one is purged", async () => {
    const parent = await generated();
    const image = await prisma().image.findUniqueOrThrow({ where: { id: parent.darkroom.images[0]!.id } });
    const { generation } = await editImages({ images: [{ imageId: image.id }], body: { prompt: "shared", model: "gpt-image-1.5" }, source: "api" });
    const input = (await prisma().generationInput.findFirstOrThrow({ where: { generationId: generation.id } }));
    expect(input.storageKey).toBe(image.storageKey);
    await purge(parent.darkroom.id);
    expect(await serverContext().storage.has(image.storageKey)).toBe(true);
    await purge(generation.id);
    expect(await serverContext().storage.has(image.storageKey)).toBe(false);
  });

  it("deleting an edit from the gallery removes its input files too, unless an image shares them", async () => {
    const parent = await generated();
    const image = await prisma().image.findUniqueOrThrow({ where: { id: parent.darkroom.images[0]!.id } });
    const { generation } = await editImages({ images: [{ imageId: image.id }, { bytes: await upload() }], body: { prompt: "delete me", model: "gpt-image-1.5" }, source: "playground" });
    const own = (await prisma().generationInput.findFirstOrThrow({ where: { generationId: generation.id, position: 1 } })).storageKey;
    expect(await deleteGenerations({ ids: [generation.id] })).toBe(1);
    expect(await serverContext().storage.has(own)).toBe(false);
    expect(await serverContext().storage.has(image.storageKey)).toBe(true);
  });
});
