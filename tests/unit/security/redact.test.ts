import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecrets, registerSecret } from "@/lib/security/redact";

const env = {
  FAL_KEY: "fal-3f9c2a7e-0b1d:8c4e5f6a7b8c9d0e",
  GEMINI_API_KEY: "gm-9876543210abcdef",
  DARKROOM_API_KEYS: "first-key-123456,second-key-654321",
  DATABASE_URL: "postgres://app:s3cretpass@db.internal:5432/darkroom",
  LOG_LEVEL: "info",
  DARKROOM_SIMULATOR: "auto",
};

describe("redactSecrets", () => {
  it("removes every configured secret, however the upstream echoes it", () => {
    const text = `invalid key ${env.FAL_KEY} (header x-goog-api-key: ${env.GEMINI_API_KEY}); tried second-key-654321; db s3cretpass`;
    const out = redactSecrets(text, env);
    for (const secret of [env.FAL_KEY, env.GEMINI_API_KEY, "second-key-654321", "s3cretpass"]) expect(out).not.toContain(secret);
    expect(out).toContain("invalid key [redacted]");
  });

  it("removes credential-shaped strings of unknown keys", () => {
    const out = redactSecrets(
      "Authorization: Bearer abcdefghijklmnop; Key zyxwvutsrq12; sk-proj-AAAAAAAAAAAAAAAA r8_BBBBBBBBBBBBBBBB AIzaSyA-1234567890abcdefghij https://x/y?key=hunter22&x=1",
      {},
    );
    expect(out).toBe("Authorization: Bearer [redacted]; Key [redacted]; [redacted] [redacted] [redacted] https://x/y?key=[redacted]&x=1");
  });

  it("removes registered secrets (keys named by darkroom.providers.json)", () => {
    registerSecret("file-provider-secret-1");
    expect(redactSecrets("bad key file-provider-secret-1", {})).toBe("bad key [redacted]");
  });

  it("leaves ordinary text alone", () => {
    expect(redactSecrets("fal answered 503: the service is unavailable, retry later", env)).toBe("fal answered 503: the service is unavailable, retry later");
  });

  it("never lets a configured secret through, wherever it sits in the text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => !redactSecrets(`${before}${env.FAL_KEY}${after}`, env).includes(env.FAL_KEY)),
      { seed: 13, numRuns: 500 },
    );
  });
});
