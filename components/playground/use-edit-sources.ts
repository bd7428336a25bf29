"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { startEdit } from "@/app/(studio)/edit-actions";
import { EDIT_UPLOAD_BYTES, fileSource, type EditSource } from "./edit-inputs";
import type { MaskHandle } from "./mask-painter";
import type { StartRun } from "./use-generation";

const release = (source: EditSource) => source.kind === "file" && URL.revokeObjectURL(source.src);

/**
 * Edit mode's pictures (the first one is the base a mask applies to) and its mask, and the run that sends
 * them: files as uploads, gallery images by id.
 */
export function useEditSources(initial: EditSource[], maxImages: number) {
  const [sources, setSources] = useState<EditSource[]>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const mask = useRef<MaskHandle | null>(null);
  const live = useRef(sources);
  live.current = sources;
  useEffect(() => () => live.current.forEach(release), []);

  async function add(files: File[]) {
    const read = await Promise.all(files.map(fileSource));
    const refused = read.flatMap((r) => ("error" in r ? [r.error] : []));
    const fresh = read.filter((r): r is EditSource => !("error" in r));
    const room = Math.max(0, maxImages - live.current.length);
    fresh.slice(room).forEach(release);
    const kept = fresh.slice(0, room);
    const next = [...live.current, ...kept];
    const bytes = next.reduce((sum, s) => sum + (s.kind === "file" ? s.file.size : 0), 0);
    if (bytes > EDIT_UPLOAD_BYTES) {
      kept.forEach(release);
      return setProblem(`Together the pictures are over ${EDIT_UPLOAD_BYTES / 1024 / 1024} MB; the API's /v1/images/edits takes larger ones`);
    }
    setSources(next);
    setProblem(refused[0] ?? (fresh.length > room ? `This model takes at most ${maxImages} pictures` : null));
  }

  function remove(key: string) {
    live.current.filter((s) => s.key === key).forEach(release);
    setSources(live.current.filter((s) => s.key !== key));
    setProblem(null);
  }

  /** Replaces the pictures with one gallery image ("edit this image"). */
  function replaceWith(source: EditSource) {
    live.current.forEach(release);
    setSources([source]);
    setProblem(null);
  }

  const onMask = useCallback((handle: MaskHandle) => {
    mask.current = handle;
  }, []);

  /** The run of an edit with `body`'s parameters; the mask (if the model takes one) is read from the canvas when it starts. */
  function starter(body: Record<string, unknown>, withMask: boolean): StartRun {
    const pictures = live.current;
    return async (runId) => {
      const form = new FormData();
      form.set("runId", runId);
      form.set("body", JSON.stringify(body));
      for (const source of pictures) form.append("image", source.kind === "file" ? source.file : source.imageId);
      const blob = withMask ? await mask.current?.toBlob() : null;
      if (blob) form.set("mask", new File([blob], "mask.png", { type: "image/png" }));
      return startEdit(form);
    };
  }

  return { sources, problem, add, remove, replaceWith, onMask, starter };
}
