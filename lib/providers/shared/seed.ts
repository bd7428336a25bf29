import { MAX_SEED } from "@/lib/params/request-schema";

/** The seed of image `i` of a call whose first image has `seed`: seeds wrap at 2^32, the seed range. */
export function seedAt(seed: number, i: number): number {
  return (seed + i) % (MAX_SEED + 1);
}
