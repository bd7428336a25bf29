import type { CSSProperties } from "react";

/** The tiny blurred preview behind an image while it loads; none until the thumbnail has been made. */
export const placeholderStyle = (placeholder: string | null): CSSProperties =>
  placeholder ? { backgroundImage: `url(${placeholder})`, backgroundSize: "cover" } : {};
