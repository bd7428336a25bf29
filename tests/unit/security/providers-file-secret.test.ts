import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { loadProvidersFile } from "@/lib/providers/openai-compatible";
import { redactSecrets } from "@/lib/security/redact";

it("redacts a key darkroom.providers.json reads from a variable of any name", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "darkroom-redact-"));
  const file = path.join(dir, "providers.json");
  await writeFile(file, JSON.stringify({
    providers: [{ id: "gpubox", baseUrl: "http://gpu-box:8080/v1", apiKeyEnv: "GPU_BOX_SESAME", models: [{ model: "flux-dev", providerModelId: "flux", pricePerImage: 0.001 }] }],
  }));
  loadProvidersFile(file, { GPU_BOX_SESAME: "open-sesame-4242" });
  expect(redactSecrets("gpubox said: bad credential open-sesame-4242", {})).toBe("gpubox said: bad credential [redacted]");
  await rm(dir, { recursive: true, force: true });
});
