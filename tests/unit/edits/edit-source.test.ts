import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { generate } from "@/lib/services/generate";
import { editSourceImage, mayEditFrom } from "@/lib/services/edit-source";
import { useInProcessApp } from "../../helpers/in-process";

useInProcessApp();

const member = (userId: string): Viewer => ({ kind: "user", userId, email: `${userId}@example.com`, name: userId, role: "member" });

async function imageOf(userId: string): Promise<string> {
  const { generation } = await generate({ body: { model: "flux-schnell", prompt: "a red kite", size: "512x512" }, source: "playground", owner: { userId } });
  return generation.images[0]!.id;
}

describe("the playground's Edit mode starts only from images the viewer may see", () => {
  it("gives the owner (and local mode) the image with its size and generation, hides it from another member", async () => {
    const id = await imageOf("alice");
    const own = await editSourceImage({ imageId: id, viewer: member("alice") });
    expect(own).toMatchObject({ id, width: 512, height: 512, format: "png" });
    expect(own!.url).toMatch(new RegExp(`/images/${id}\\.png`));
    expect(await editSourceImage({ imageId: id, viewer: { kind: "local" } })).not.toBeNull();
    expect(await editSourceImage({ imageId: id, viewer: member("bob") })).toBeNull();
    expect(await editSourceImage({ imageId: "img_doesnotexist", viewer: { kind: "local" } })).toBeNull();
  });

  it("refuses an edit naming someone else's image or one that does not exist", async () => {
    const alices = await imageOf("alice");
    const bobs = await imageOf("bob");
    expect(await mayEditFrom([alices], member("alice"))).toBe(true);
    expect(await mayEditFrom([alices, bobs], member("alice"))).toBe(false);
    expect(await mayEditFrom(["img_doesnotexist"], { kind: "local" })).toBe(false);
    expect(await mayEditFrom([], member("alice"))).toBe(true);
  });
});
