import type { UserRow } from "@/lib/services/accounts-users";

/**
 * Admins only: whose generations the gallery shows. A plain GET form, so it works without JavaScript; the
 * gallery's other filters ride along as hidden fields.
 */
export function UserFilter({ users, selected, query }: { users: UserRow[]; selected?: string; query: string }) {
  if (users.length === 0) return null;
  const kept = [...new URLSearchParams(query)].filter(([name]) => name !== "user" && name !== "cursor");
  return (
    <form method="get" action="/gallery" className="flex items-center gap-2 text-sm">
      {kept.map(([name, value]) => (
        <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
      ))}
      <label className="flex items-center gap-2">
        <span className="text-zinc-600 dark:text-zinc-400">User</span>
        <select name="user" defaultValue={selected ?? ""} className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900">
          <option value="">Everyone</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.email})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md border border-zinc-300 px-2 py-1 font-medium dark:border-zinc-700">
        Show
      </button>
    </form>
  );
}
