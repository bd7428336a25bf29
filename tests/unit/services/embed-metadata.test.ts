import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { useInProcessApp } from "../../helpers/in-process";
import { readImageSettings } from "@/lib/images/metadata";

const generate = async (body: Record<string, unknown>) => {
  const res = await POST(
    new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ response_format: "b64_json", ...body }) }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  const json = await res.json();
  return { id: json.darkroom.id as string, bytes: Buffer.from(json.data[0].b64_json, "base64") };
};

useInProcessApp();

describe("embed_metadata", () => {
  it.each(["png", "jpeg", "webp"])("writes the settings into a %s file that the playground's reader restores", async (format) => {
    const { id, bytes } = await generate({ model: "local/flux-dev", prompt: `a red kite over dunes ${format}`, negative_prompt: "people", seed: 4242, output_format: format, embed_metadata: true });
    const settings = await readImageSettings(bytes);
    expect(settings).toMatchObject({ prompt: `a red kite over dunes ${format}`, negativePrompt: "people", seed: 4242, model: "flux-dev", provider: "local", generationId: id });
    expect(settings?.size).toMatch(/^\d+x\d+$/);
  });

  it("leaves files untouched by default", async () => {
    const { bytes } = await generate({ model: "local/flux-dev", prompt: "plain file", seed: 1 });
    expect(await readImageSettings(bytes)).toBeNull();
  });
});
