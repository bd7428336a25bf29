export interface UsageFilterValues {
  range: string;
  bucket: string;
  group_by: string;
  model?: string;
  provider?: string;
  source?: string;
  key?: string;
  user?: string;
}

export interface UsageFilterOptions {
  models: string[];
  providers: string[];
  sources: string[];
  /** [id, label] */
  keys: [string, string][];
  users: [string, string][];
}

const select = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

function Choice({ name, label, value, options }: { name: string; label: string; value?: string; options: [string, string][] }) {
  // A label beside (not around) the select: its accessible name is the label alone, not every option too.
  return (
    <span className="flex min-w-0 flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      <label htmlFor={`usage-${name}`}>{label}</label>
      <select id={`usage-${name}`} name={name} defaultValue={value ?? ""} className={select}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>{l}</option>
        ))}
      </select>
    </span>
  );
}

/** A plain GET form: every filter lives in the URL, so a view can be bookmarked and shared. */
export function UsageFilters({ values, options, showUsers }: { values: UsageFilterValues; options: UsageFilterOptions; showUsers: boolean }) {
  const any = (list: string[]): [string, string][] => [["", "All"], ...list.map((v): [string, string] => [v, v])];
  const groups: [string, string][] = [["model", "Model"], ["provider", "Provider"], ["key", "API key"], ...(showUsers ? ([["user", "User"]] as [string, string][]) : []), ["source", "Source"]];
  return (
    <form method="get" className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap" aria-label="Usage filters">
      <Choice name="range" label="Range" value={values.range} options={[["7", "Last 7 days"], ["30", "Last 30 days"], ["90", "Last 90 days"], ["365", "Last year"]]} />
      <Choice name="bucket" label="Bucket" value={values.bucket} options={[["day", "Day"], ["week", "Week"], ["month", "Month"]]} />
      <Choice name="group_by" label="Stack by" value={values.group_by} options={groups} />
      <Choice name="model" label="Model" value={values.model} options={any(options.models)} />
      <Choice name="provider" label="Provider" value={values.provider} options={any(options.providers)} />
      {options.keys.length > 0 || values.key ? <Choice name="key" label="API key" value={values.key} options={[["", "All"], ["none", "No key"], ...options.keys]} /> : null}
      {showUsers ? <Choice name="user" label="User" value={values.user} options={[["", "All"], ...options.users]} /> : null}
      <Choice name="source" label="Source" value={values.source} options={any(options.sources)} />
      <button type="submit" className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900">Apply</button>
    </form>
  );
}
