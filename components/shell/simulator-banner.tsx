import Link from "next/link";

/** Shown on every page while the local simulator serves, so nobody mistakes its images for a model's. */
export function SimulatorBanner() {
  return (
    <div role="status" className="border-b border-violet-200 bg-violet-50 text-violet-900 dark:border-violet-900 dark:bg-violet-950 dark:text-violet-200">
      <p className="mx-auto max-w-screen-2xl px-4 py-2 text-sm">
        Simulated images: configure a provider key to generate real ones.{" "}
        <Link href="/models#providers" className="font-medium underline underline-offset-2">
          How to configure providers
        </Link>
      </p>
    </div>
  );
}
