"use client";
import { useCallback, useRef } from "react";

const fraction = (position: number, range: number) => (range > 0 ? position / range : 0);

/**
 * Scroll containers that pan together: scrolling (or dragging with the mouse) one moves the others to the
 * same relative position, so the same region of every image stays in view whatever their sizes.
 */
export function useSyncedScroll(linked: boolean) {
  const panes = useRef(new Map<number, HTMLDivElement>());
  // Panes whose next scroll event is one this hook caused: they must not echo it back.
  const echoes = useRef(new Set<HTMLDivElement>());
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);

  const register = useCallback(
    (index: number) => (element: HTMLDivElement | null) => {
      if (element) panes.current.set(index, element);
      else panes.current.delete(index);
    },
    [],
  );

  const onScroll = useCallback(
    (event: React.UIEvent<HTMLDivElement>) => {
      const source = event.currentTarget;
      if (echoes.current.delete(source) || !linked) return;
      const fx = fraction(source.scrollLeft, source.scrollWidth - source.clientWidth);
      const fy = fraction(source.scrollTop, source.scrollHeight - source.clientHeight);
      for (const pane of panes.current.values()) {
        if (pane === source) continue;
        const left = Math.round(fx * (pane.scrollWidth - pane.clientWidth));
        const top = Math.round(fy * (pane.scrollHeight - pane.clientHeight));
        if (Math.abs(pane.scrollLeft - left) < 1 && Math.abs(pane.scrollTop - top) < 1) continue;
        echoes.current.add(pane);
        pane.scrollTo({ left, top });
      }
    },
    [linked],
  );

  // Touch panes natively; a mouse drags the image like a hand tool.
  const onPointerDown = useCallback((event: React.PointerEvent<HTMLDivElement>) => {
    if (event.pointerType !== "mouse" || event.button !== 0) return;
    const pane = event.currentTarget;
    drag.current = { x: event.clientX, y: event.clientY, left: pane.scrollLeft, top: pane.scrollTop };
    pane.setPointerCapture(event.pointerId);
  }, []);
  const onPointerMove = useCallback((event: React.PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    event.currentTarget.scrollTo({ left: start.left - (event.clientX - start.x), top: start.top - (event.clientY - start.y) });
  }, []);
  const onPointerUp = useCallback(() => {
    drag.current = null;
  }, []);

  return { register, paneProps: { onScroll, onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp } };
}
