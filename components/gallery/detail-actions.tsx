"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { showToast } from "@/components/ui/toast";
import { deleteGenerationsAction, setGenerationsFavorite } from "@/app/(studio)/gallery/actions";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "./confirm-dialog";

/** The detail page's actions: favorite, delete (confirmed), copy the prompt, reuse it elsewhere. */
export function DetailActions({
  id,
  favorite: initialFavorite,
  prompt,
  imageCount,
  playgroundHref,
  compareHref,
}: {
  id: string;
  favorite: boolean;
  prompt: string;
  imageCount: number;
  playgroundHref: string;
  compareHref: string;
}) {
  const router = useRouter();
  const [favorite, setFavorite] = useState(initialFavorite);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toggleFavorite = async () => {
    setBusy(true);
    setError(null);
    const result = await setGenerationsFavorite({ ids: [id], favorite: !favorite });
    setBusy(false);
    if (result.error) setError(result.error.message);
    else setFavorite(!favorite);
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    const result = await deleteGenerationsAction({ ids: [id] });
    if (result.error) {
      setBusy(false);
      setConfirming(false);
      setError(result.error.message);
      return;
    }
    showToast("Generation deleted");
    router.replace("/gallery");
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <Button size="sm" aria-pressed={favorite} onClick={() => void toggleFavorite()} disabled={busy}>
          <span aria-hidden="true" className={favorite ? "text-amber-500" : undefined}>
            {favorite ? "★" : "☆"}
          </span>
          Favorite
        </Button>
        <CopyButton text={prompt} label="Copy prompt" />
        <Link href={playgroundHref} className={buttonClass("secondary", "sm")}>
          Open in playground
        </Link>
        <Link href={compareHref} className={buttonClass("secondary", "sm")}>
          Compare this prompt
        </Link>
        <Button size="sm" variant="danger" onClick={() => setConfirming(true)} disabled={busy}>
          Delete…
        </Button>
      </div>
      <p role="status" className="text-sm text-red-600 dark:text-red-400">
        {error}
      </p>
      <ConfirmDialog
        open={confirming}
        title="Delete this generation?"
        confirmLabel="Delete"
        busyLabel="Deleting…"
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        {imageCount > 0
          ? `Its ${imageCount === 1 ? "image" : `${imageCount} images`}, thumbnails and record are removed for good. This cannot be undone.`
          : "Its record is removed for good. This cannot be undone."}
      </ConfirmDialog>
    </div>
  );
}
