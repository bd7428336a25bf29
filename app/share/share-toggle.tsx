"use client";
import { useEffect, useState, useTransition } from "react";
import { setSharedAction } from "./actions";

type Target = { generationId: string } | { comparisonId: string };

/** "Public link" on a generation's or comparison's page: anyone with the link sees it read-only, signed out. */
export function ShareToggle({ target, initialPath }: { target: Target; initialPath: string | null }) {
  const [path, setPath] = useState(initialPath);
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  // The full URL to copy; the origin is known only in the browser (after hydration, so both renders agree).
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const toggle = () =>
    start(async () => {
      const result = await setSharedAction(target, path === null);
      setError(result.error?.message);
      if (result.data) setPath(result.data.path);
    });
  const url = path && `${origin}${path}`;
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label className="inline-flex items-center gap-2">
        <input type="checkbox" role="switch" checked={path !== null} disabled={pending} onChange={toggle} className="h-4 w-4 accent-amber-600" />
        Public link (read-only, no sign-in)
      </label>
      {url ? (
        <a href={url} data-testid="share-link" className="break-all text-amber-700 underline underline-offset-2 dark:text-amber-400">
          {url}
        </a>
      ) : null}
      {error ? <p role="alert" className="text-red-600 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
