import type { Metadata } from "next";
import { AppShell } from "@/components/shell/app-shell";
import { StatusPage } from "@/components/shell/status-page";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <AppShell>
      <StatusPage code="404" title="This page does not exist">
        The address may be mistyped, or what it pointed to was deleted.
      </StatusPage>
    </AppShell>
  );
}
