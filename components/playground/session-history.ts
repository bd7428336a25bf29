"use client";
import { useSyncExternalStore } from "react";
import type { Generation } from "./use-generation";

export interface HistoryEntry {
  /** The request as sent, for "use these settings". */
  body: Record<string, unknown>;
  response: Generation;
}

const KEY = "darkroom-playground-history";
const LIMIT = 24;
const EMPTY: HistoryEntry[] = [];
const listeners = new Set<() => void>();
let entries: HistoryEntry[] | null = null;

function snapshot(): HistoryEntry[] {
  if (entries === null) {
    try {
      entries = JSON.parse(sessionStorage.getItem(KEY) ?? "[]") as HistoryEntry[];
    } catch {
      entries = [];
    }
  }
  return entries;
}

function write(next: HistoryEntry[]) {
  entries = next;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or blocked: the history still lasts as long as the page does.
  }
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void) {
  listeners.add(notify);
  return () => listeners.delete(notify);
}

/** This browser tab's recent generations, newest first; they survive a reload, not the tab. */
export function useSessionHistory() {
  const list = useSyncExternalStore(subscribe, snapshot, () => EMPTY);
  return {
    entries: list,
    add: (entry: HistoryEntry) => write([entry, ...snapshot().filter((e) => e.response.darkroom.id !== entry.response.darkroom.id)].slice(0, LIMIT)),
    clear: () => write([]),
  };
}
