import { describe, expect, it } from "vitest";
import type { SessionViewer } from "@/lib/auth/viewer";
import { createUserKey, listUserKeys, setUserKeyRetention } from "@/lib/services/accounts-keys";
import { useInProcessApp } from "../../helpers/in-process";

// The key page's retention: admins set a key's default payload policy; members' keys take the server's.

const prisma = useInProcessApp();

const admin: SessionViewer = { kind: "user", userId: "u_admin", email: "a@example.com", name: "Admin", role: "admin" };
const member: SessionViewer = { kind: "user", userId: "u_member", email: "m@example.com", name: "Member", role: "member" };
const retentionOf = async (viewer: SessionViewer, name: string) => (await listUserKeys(viewer)).find((k) => k.name === name)?.retention;

describe("key retention on the key page", () => {
  it("an admin sets it when creating a key and changes it later; a member can do neither", async () => {
    await prisma().authUser.createMany({ data: [{ id: "u_admin", name: "Admin", email: "a@example.com" }, { id: "u_member", name: "Member", email: "m@example.com" }] });
    await createUserKey(admin, { name: "weekly", retention: "7" });
    expect(await retentionOf(admin, "weekly")).toBe("7");
    await createUserKey(member, { name: "mine", retention: "keep" });
    expect(await retentionOf(member, "mine")).toBeNull();

    const weekly = (await listUserKeys(admin)).find((k) => k.name === "weekly")!;
    expect(await setUserKeyRetention(member, weekly.id, "keep")).toBe(false);
    expect(await retentionOf(admin, "weekly")).toBe("7");
    expect(await setUserKeyRetention(admin, weekly.id, "none")).toBe(true);
    expect(await retentionOf(admin, "weekly")).toBe("none");
    expect(await setUserKeyRetention(admin, weekly.id, null)).toBe(true);
    expect(await retentionOf(admin, "weekly")).toBeNull();
    expect(await setUserKeyRetention(admin, "key_unknown", "keep")).toBe(false);
  });
});
