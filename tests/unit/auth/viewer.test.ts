import { describe, expect, it } from "vitest";
import { canAccess, ownerOf, ownerScope, ownerScopeFor, userScope, type Viewer } from "@/lib/auth/viewer";

const member: Viewer = { kind: "user", userId: "u_m", email: "m@example.com", name: "M", role: "member" };
const admin: Viewer = { kind: "user", userId: "u_a", email: "a@example.com", name: "A", role: "admin" };
const keyOnly: Viewer = { kind: "key", apiKeyId: "key_1" };

describe("ownership scopes", () => {
  it("members get their own rows; admins, operators and local mode everything; an owner-less key its own", () => {
    expect(ownerScope(member)).toEqual({ userId: "u_m" });
    expect(ownerScope({ ...member, apiKeyId: "key_m" })).toEqual({ userId: "u_m" });
    expect(ownerScope(admin)).toEqual({});
    expect(ownerScope({ kind: "operator" })).toEqual({});
    expect(ownerScope({ kind: "local" })).toEqual({});
    expect(ownerScope(keyOnly)).toEqual({ apiKeyId: "key_1" });
    expect(userScope(keyOnly)).toEqual({ userId: { in: [] } });
    expect(userScope(member)).toEqual({ userId: "u_m" });
  });

  it("an admin's user filter narrows; a member's cannot widen", () => {
    expect(ownerScopeFor(admin, "u_m")).toEqual({ userId: "u_m" });
    expect(ownerScopeFor(member, "u_a")).toEqual({ userId: "u_m" });
    expect(ownerScopeFor(admin)).toEqual({});
  });

  it("one row: owner or admin; rows with no owner belong to admins", () => {
    expect(canAccess(member, { userId: "u_m" })).toBe(true);
    expect(canAccess(member, { userId: "u_a" })).toBe(false);
    expect(canAccess(member, { userId: null })).toBe(false);
    expect(canAccess(admin, { userId: null })).toBe(true);
    expect(canAccess(keyOnly, { userId: null, apiKeyId: "key_1" })).toBe(true);
    expect(canAccess(keyOnly, { userId: "u_m", apiKeyId: "key_2" })).toBe(false);
  });

  it("new rows record the user and the key", () => {
    expect(ownerOf({ ...member, apiKeyId: "key_m" })).toEqual({ userId: "u_m", apiKeyId: "key_m" });
    expect(ownerOf(keyOnly)).toEqual({ apiKeyId: "key_1" });
    expect(ownerOf({ kind: "local" })).toEqual({});
    expect(ownerOf(undefined)).toEqual({});
  });
});
