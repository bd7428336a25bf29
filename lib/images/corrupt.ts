/** Why bytes are not a usable image, in words an operator can act on. */
export class CorruptImageError extends Error {}
