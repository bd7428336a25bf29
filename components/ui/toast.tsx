"use client";
import { useEffect, useState } from "react";

const KEY = "darkroom:toast";
const EVENT = "darkroom:toast";
const SHOWN_MS = 5000;

/** Shows a short confirmation; it survives one navigation (a deletion leaves the page it happened on). */
export function showToast(message: string) {
  sessionStorage.setItem(KEY, message);
  window.dispatchEvent(new Event(EVENT));
}

/** The one place toasts appear, bottom-centre, announced politely to screen readers. */
export function Toaster() {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const take = () => {
      const next = sessionStorage.getItem(KEY);
      if (next) {
        sessionStorage.removeItem(KEY);
        setMessage(next);
      }
    };
    take();
    window.addEventListener(EVENT, take);
    return () => window.removeEventListener(EVENT, take);
  }, []);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4">
      {message ? (
        <p data-testid="toast" className="pointer-events-auto rounded-lg bg-zinc-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900">
          {message}
        </p>
      ) : null}
    </div>
  );
}
