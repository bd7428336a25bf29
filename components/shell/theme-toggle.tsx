"use client";
import { useEffect, useSyncExternalStore } from "react";
import { cx } from "@/components/ui/cx";
import { THEME_STORAGE_KEY } from "./theme";

const listeners = new Set<() => void>();
const isDark = () => document.documentElement.classList.contains("dark");

function applyTheme(dark: boolean) {
  document.documentElement.classList.toggle("dark", dark);
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void) {
  listeners.add(notify);
  return () => listeners.delete(notify);
}

/** A toggle between light and dark; the choice is remembered, and until one is made the system decides. */
export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);

  useEffect(() => {
    const media = matchMedia("(prefers-color-scheme: dark)");
    const follow = () => {
      if (!localStorage.getItem(THEME_STORAGE_KEY)) applyTheme(media.matches);
    };
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);

  return (
    <button
      type="button"
      aria-pressed={dark}
      onClick={() => {
        localStorage.setItem(THEME_STORAGE_KEY, dark ? "light" : "dark");
        applyTheme(!dark);
      }}
      className={cx(
        "inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-xs font-medium",
        "border-zinc-300 text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800",
        "aria-pressed:bg-zinc-800 aria-pressed:text-zinc-100",
      )}
    >
      <span aria-hidden="true">{dark ? "☾" : "☀"}</span>
      Dark mode
    </button>
  );
}
