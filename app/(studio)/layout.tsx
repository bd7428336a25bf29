import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";

// The banner reflects the running server's providers, never the build machine's.
export const dynamic = "force-dynamic";

export default function StudioLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
