import type { ReactNode } from "react";

/** The frame of the signed-out pages: a title, an optional error, the form. */
export function AuthForm({ title, error, action, children, submit }: { title: string; error?: string; action: (form: FormData) => Promise<void>; children: ReactNode; submit: string }) {
  return (
    <main className="mx-auto mt-24 w-full max-w-sm px-4">
      <h1 className="mb-6 text-xl font-semibold">{title}</h1>
      {error ? <p role="alert" className="mb-4 rounded border border-red-500/40 bg-red-500/10 p-2 text-sm">{error}</p> : null}
      <form action={action} className="flex flex-col gap-3">
        {children}
        <button type="submit" className="rounded bg-neutral-100 px-3 py-2 text-sm font-medium text-neutral-900">{submit}</button>
      </form>
    </main>
  );
}

export function Field({ label, name, type = "text", autoComplete }: { label: string; name: string; type?: string; autoComplete?: string }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      {label}
      <input name={name} type={type} required autoComplete={autoComplete} className="rounded border border-neutral-700 bg-transparent px-2 py-1.5" />
    </label>
  );
}
