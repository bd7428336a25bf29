import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import { QueryProvider } from "@/components/shell/query-provider";
import { SimulatorBanner } from "@/components/shell/simulator-banner";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { Toaster } from "@/components/ui/toast";
import { serverContext } from "@/lib/server/context";

/** Header, simulator banner and page frame: shared by the studio pages and the app-wide 404 page. */
export function AppShell({ children }: { children: ReactNode }) {
  const simulated = serverContext().registry.simulator === "on";
  return (
    <QueryProvider>
      <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
        <nav aria-label="Main" className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <Link href="/" className="flex items-center gap-2 text-base font-semibold tracking-tight">
            <span aria-hidden="true" className="inline-block size-3 rounded-full bg-amber-500 shadow-[0_0_10px] shadow-amber-500/60" />
            Darkroom
          </Link>
          {/* On a phone the links take a row of their own below the brand and the theme toggle. */}
          <div className="order-last w-full min-w-0 sm:order-none sm:w-auto sm:flex-1">
            <NavLinks />
          </div>
          <div className="ml-auto sm:ml-0">
            <ThemeToggle />
          </div>
        </nav>
      </header>
      {simulated ? <SimulatorBanner /> : null}
      <div className="mx-auto max-w-screen-2xl px-4 py-6">{children}</div>
      <Toaster />
    </QueryProvider>
  );
}
