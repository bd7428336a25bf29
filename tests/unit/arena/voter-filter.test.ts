import { describe, expect, it } from "vitest";
import { voterFilter } from "@/lib/arena/voter-filter";
import type { Viewer } from "@/lib/auth/viewer";

const member: Viewer = { kind: "user", userId: "u_member", email: "m@example.com", name: "M", role: "member" };
const admin: Viewer = { kind: "user", userId: "u_admin", email: "a@example.com", name: "A", role: "admin" };
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string; param?: string }).code;
  }
  return "no error";
};

describe("whose votes a board counts", () => {
  it("everyone's without a filter, whoever asks", () => {
    for (const viewer of [member, admin, { kind: "local" } as const, { kind: "key", apiKeyId: "k" } as const]) expect(voterFilter(viewer, undefined)).toEqual({});
    expect(voterFilter(member, "  ")).toEqual({});
  });

  it("an admin, local mode or an operator key may name any user; me is the admin", () => {
    expect(voterFilter(admin, "u_member")).toEqual({ userId: "u_member" });
    expect(voterFilter(admin, "me")).toEqual({ userId: "u_admin" });
    expect(voterFilter({ kind: "operator" }, "u_member")).toEqual({ userId: "u_member" });
    expect(voterFilter({ kind: "local" }, "u_member")).toEqual({ userId: "u_member" });
  });

  it("a member sees their own votes only, and naming another user is refused", () => {
    expect(voterFilter(member, "me")).toEqual({ userId: "u_member" });
    expect(voterFilter({ ...member, apiKeyId: "k1" }, "u_member")).toEqual({ userId: "u_member" });
    expect(code(() => voterFilter(member, "u_admin"))).toBe("user_filter_forbidden");
    expect(code(() => voterFilter({ kind: "key", apiKeyId: "k" }, "me"))).toBe("no_user");
    expect(code(() => voterFilter({ kind: "local" }, "me"))).toBe("no_user");
  });
});
