import type { ReactNode } from "react";

/**
 * The frame of the signed-out pages: the brand, a title, an optional error, the form, in a card. Inside the
 * studio (`standalone={false}`) the shell already shows the brand.
 */
export function AuthForm({ title, error, action, children, submit, standalone = true }: { title: string; error?: string; action: (form: FormData) => Promise<void>; children: ReactNode; submit: string; standalone?: boolean }) {
  return (
    <main className={`mx-auto flex w-full max-w-sm flex-col gap-6 px-4 ${standalone ? "min-h-dvh justify-center py-12" : "py-6"}`}>
      {standalone ? (
        <p className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden="true" className="inline-block size-3 rounded-full bg-amber-500 shadow-[0_0_10px] shadow-amber-500/60" />
          Darkroom
        </p>
      ) : null}
      <div className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900/50">
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {error ? <p role="alert" className="rounded-md border border-red-500/40 bg-red-500/10 p-2 text-sm text-red-800 dark:text-red-300">{error}</p> : null}
        <form action={action} className="flex flex-col gap-4">
          {children}
          <button type="submit" className="mt-1 rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-500 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300">
            {submit}
          </button>
        </form>
      </div>
    </main>
  );
}

export function Field({ label, name, type = "text", autoComplete }: { label: string; name: string; type?: string; autoComplete?: string }) {
  return (
    <label className="flex flex-col gap-1.5 text-sm font-medium">
      {label}
      <input
        name={name}
        type={type}
        required
        autoComplete={autoComplete}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-normal focus:border-amber-500 focus:outline-none focus:ring-2 focus:ring-amber-500/30 dark:border-zinc-700 dark:bg-zinc-950"
      />
    </label>
  );
}
