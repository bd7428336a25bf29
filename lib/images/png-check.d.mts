export const MAX_IMAGE_PIXELS: number;

/** Why bytes are not a usable image, in words an operator can act on. */
export class CorruptImageError extends Error {}

/** Whether bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean;

/** A PNG proven whole by its structure and chunk checksums, with its size; throws CorruptImageError otherwise. */
export function checkPng(bytes: Uint8Array): { width: number; height: number };
