import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireViewer } from "@/lib/auth/session";
import { AccountBar } from "./settings/account-bar";

// The banner reflects the running server's providers, never the build machine's.
export const dynamic = "force-dynamic";

export default async function StudioLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  return <AppShell>{viewer.kind === "user" ? <AccountBar name={viewer.name} role={viewer.role} /> : null}{children}</AppShell>;
}
