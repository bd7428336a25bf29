"use client";
import { useEffect, useRef } from "react";
import type { ArrivedImage } from "./generation-progress";
import type { StreamedImage } from "./use-generation";

/** Object URLs of a run's streamed images, released when the next run starts, the run ends or the page goes. */
export function usePreviews() {
  const urls = useRef<string[]>([]);
  const clear = () => {
    urls.current.forEach((url) => URL.revokeObjectURL(url));
    urls.current = [];
  };
  useEffect(() => clear, []);
  return {
    add(image: StreamedImage): ArrivedImage {
      const src = URL.createObjectURL(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: `image/${image.format}` }));
      urls.current.push(src);
      return { index: image.index, src, width: image.width, height: image.height };
    },
    clear,
  };
}
