import { afterAll, beforeAll, expect, it } from "vitest";
import { findModel, findOffer } from "@/lib/catalog";
import { ProviderError } from "@/lib/providers/errors";
import { OpenAICompatibleImageModel } from "@/lib/providers/openai-compatible";
import { listen, type FakeServer } from "../../fakes/fake-server";
import { callOptions } from "../../helpers/call-options";

const KEY = "sk-live-0123456789abcdefECHOED";
let upstream: FakeServer;

beforeAll(async () => {
  process.env.OPENAI_API_KEY = KEY;
  // An upstream that echoes the credential it was sent, as some do in their 401 text.
  upstream = await listen((req, res) => {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization}. Key ${KEY} is invalid` } }));
  });
});
afterAll(async () => {
  delete process.env.OPENAI_API_KEY;
  await upstream.close();
});

it("keeps the key out of the error text an upstream echoes it in", async () => {
  const offer = findOffer(findModel("gpt-image-1")!, "openai");
  const model = new OpenAICompatibleImageModel(offer!, { id: "openai", name: "OpenAI", baseUrl: `${upstream.url}/v1`, apiKey: KEY, maxDownloadBytes: 1 << 20 });
  const error = await model.doGenerate(callOptions(), { signal: AbortSignal.timeout(5000) }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  const message = (error as ProviderError).message;
  expect(message).toMatch(/Incorrect API key/);
  expect(message).not.toContain(KEY);
  expect(message).not.toContain("0123456789abcdef");
});
