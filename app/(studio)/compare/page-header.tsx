export const RECENT_LIMIT = 12;

export function ComparePageHeader() {
  return (
    <header>
      <h1 className="text-2xl font-semibold tracking-tight">Compare</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        One prompt on several models, or on one model across providers: see which gives the best image, fastest, for the least.
      </p>
    </header>
  );
}
