"use client";
import { StatusPage } from "@/components/shell/status-page";

// Last resort outside the studio layout (which has its own error page inside the shell).
export default function AppError({ reset }: { error: Error; reset: () => void }) {
  return (
    <StatusPage code="Error" title="Darkroom could not show this page">
      <button type="button" onClick={reset} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
        Try again
      </button>
    </StatusPage>
  );
}
