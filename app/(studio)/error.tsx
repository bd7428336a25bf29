"use client";
import { StatusPage } from "@/components/shell/status-page";

// A page that throws keeps the header and offers a retry; the digest lets an operator find the server log line.
export default function StudioError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage code="Error" title="This page could not be shown">
      <p>Something went wrong on the server. Trying again often helps.</p>
      {error.digest ? <p className="mt-1 text-xs">Reference: {error.digest}</p> : null}
      <button type="button" onClick={reset} className="mt-4 rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
        Try again
      </button>
    </StatusPage>
  );
}
