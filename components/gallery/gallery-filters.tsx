"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { inputClass } from "@/components/ui/field";
import { GALLERY_SORTS, GALLERY_STATUSES, galleryHref, galleryQueryString, isFiltered, type GalleryParams } from "./gallery-params";
import { SORT_LABELS, SOURCE_LABELS, STATUS_LABELS } from "./labels";

export interface FilterOption {
  value: string;
  label: string;
}

const SEARCH_DELAY_MS = 350;

function Control({ id, label, children, className }: { id: string; label: string; children: ReactNode; className?: string }) {
  return (
    <div className={cx("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * The filters are the URL: every change navigates to the matching /gallery address (the server renders
 * the first page), and without JavaScript the form submits the same parameters.
 */
export function GalleryFilters({ params, models, providers, sources }: { params: GalleryParams; models: FilterOption[]; providers: FilterOption[]; sources: readonly string[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [draft, setDraft] = useState(params);
  // Timers and handlers read the latest filters here, never a stale render's.
  const latest = useRef(params);
  const [search, setSearch] = useState(params.q ?? "");
  const searchInput = useRef<HTMLInputElement>(null);
  const current = galleryQueryString(params);

  const update = (next: GalleryParams) => {
    latest.current = next;
    setDraft(next);
  };

  // Follow navigation (back, "clear filters"), but never rewrite the search box under the user's fingers.
  useEffect(() => {
    update(params);
    if (document.activeElement !== searchInput.current) setSearch(params.q ?? "");
  }, [current]);

  const apply = (patch: Partial<GalleryParams>, replace = false) => {
    const next = { ...latest.current, ...patch };
    update(next);
    const href = galleryHref(next);
    startTransition(() => (replace ? router.replace(href, { scroll: false }) : router.push(href, { scroll: false })));
  };

  const applySearch = (replace: boolean) => {
    const q = search.trim() || undefined;
    if (q !== latest.current.q) apply({ q }, replace);
  };

  useEffect(() => {
    const timer = setTimeout(() => applySearch(true), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const select = (name: "model" | "provider" | "source" | "status" | "sort", options: FilterOption[], all?: string) => (
    <select
      id={`gallery-${name}`}
      name={name}
      value={name === "sort" ? draft.sort : (draft[name] ?? "")}
      onChange={(event) => apply({ [name]: event.target.value || undefined })}
      className={inputClass}
    >
      {all ? <option value="">{all}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
  const date = (name: "from" | "to", bounds: { min?: string; max?: string }) => (
    <input
      id={`gallery-${name}`}
      name={name}
      type="date"
      value={draft[name] ?? ""}
      {...bounds}
      onChange={(event) => apply({ [name]: event.target.value || undefined })}
      className={inputClass}
    />
  );

  return (
    <form
      role="search"
      aria-label="Filter the gallery"
      action="/gallery"
      method="get"
      aria-busy={pending}
      onSubmit={(event) => {
        event.preventDefault();
        applySearch(false);
      }}
      className="grid grid-cols-2 gap-3 rounded-lg border border-zinc-200 bg-white p-3 sm:grid-cols-3 lg:grid-cols-[minmax(14rem,2fr)_repeat(7,minmax(0,1fr))] dark:border-zinc-800 dark:bg-zinc-900/50"
    >
      <Control id="gallery-q" label="Search prompts" className="col-span-2 sm:col-span-3 lg:col-span-1">
        <div className="flex gap-2">
          <input
            ref={searchInput}
            id="gallery-q"
            name="q"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Words in the prompt"
            className={inputClass}
          />
          <Button type="submit" size="md">
            Search
          </Button>
        </div>
      </Control>
      <Control id="gallery-model" label="Model">
        {select("model", models, "All models")}
      </Control>
      <Control id="gallery-provider" label="Provider">
        {select("provider", providers, "All providers")}
      </Control>
      <Control id="gallery-source" label="Source">
        {select("source", sources.map((s) => ({ value: s, label: SOURCE_LABELS[s] ?? s })), "All sources")}
      </Control>
      <Control id="gallery-status" label="Status">
        {select("status", GALLERY_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s]! })), "Any status")}
      </Control>
      <Control id="gallery-from" label="From (UTC)">
        {date("from", { max: draft.to })}
      </Control>
      <Control id="gallery-to" label="To (UTC)">
        {date("to", { min: draft.from })}
      </Control>
      <Control id="gallery-sort" label="Sort">
        {select("sort", GALLERY_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s]! })))}
      </Control>
      <div className="col-span-2 flex flex-wrap items-center gap-4 sm:col-span-3 lg:col-span-8">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="favorites"
            value="1"
            checked={draft.favorites}
            onChange={(event) => apply({ favorites: event.target.checked })}
            className="size-4 accent-amber-500"
          />
          Favorites only
        </label>
        {isFiltered(draft) ? (
          <Link href={draft.sort === "newest" ? "/gallery" : `/gallery?sort=${draft.sort}`} className="text-sm font-medium text-amber-700 underline dark:text-amber-400">
            Clear filters
          </Link>
        ) : null}
        <span aria-live="polite" className="text-xs text-zinc-500">
          {pending ? "Updating…" : ""}
        </span>
      </div>
    </form>
  );
}
