import { describe, expect, it } from "vitest";
import { guardedFile } from "@/lib/api/file-auth";
import { markAdminCreated } from "@/lib/auth/mode";
import { checkImageSignature, imageUrlTtlSeconds, signImageUrl } from "@/lib/auth/signed-url";
import { useInProcessApp } from "../../helpers/in-process";

useInProcessApp({ HOST: "0.0.0.0" });

const file = guardedFile(async () => new Response("bytes"));
const get = (url: string) => file(new Request(url), {});

describe("signed image URLs", () => {
  it("stay plain before an admin exists, and the file routes answer 503 while only setup answers", async () => {
    expect(signImageUrl("http://h/images/img_1.png")).toBe("http://h/images/img_1.png");
    expect((await get("http://h/images/img_1.png")).status).toBe(503);
  });

  it("with accounts on: a signed URL opens the file until it expires; unsigned, tampered or expired ones do not", async () => {
    markAdminCreated();
    const signed = signImageUrl("http://h/images/img_1.png");
    expect(signed).toMatch(/\?expires=\d+&signature=/);
    const res = await get(signed);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("bytes");
    expect((await get("http://h/images/img_1.png")).status).toBe(401);
    expect((await get(signed.replace("img_1", "img_2"))).status).toBe(401);
    const old = signImageUrl("http://h/images/img_1.png", Date.now() - 8 * 86_400_000);
    const expired = await get(old);
    expect(expired.status).toBe(403);
    expect((await expired.json()).error.code).toBe("url_expired");
    expect(checkImageSignature(new URL(old), Date.now() - 8 * 86_400_000 + 1000)).toBe("valid");
  });

  it("DARKROOM_IMAGE_URL_TTL takes seconds or s/m/h/d, 7 days by default", () => {
    expect(imageUrlTtlSeconds(undefined)).toBe(604_800);
    expect(imageUrlTtlSeconds("90")).toBe(90);
    expect(imageUrlTtlSeconds("2h")).toBe(7200);
    expect(imageUrlTtlSeconds("1d")).toBe(86_400);
  });
});
