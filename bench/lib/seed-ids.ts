const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Ids of lib/ids.ts newId's shape, but at a chosen time (seeded rows span a year), from the bench's seeded random. */
export function idFactory(random: () => number): (prefix: string, ms: number) => string {
  return (prefix, ms) => {
    let head = "";
    for (let i = 0, t = ms; i < 10; i++, t = Math.floor(t / 32)) head = ID_ALPHABET[t % 32] + head;
    let tail = "";
    for (let i = 0; i < 16; i++) tail += ID_ALPHABET[Math.floor(random() * 32)];
    return `${prefix}_${head}${tail}`;
  };
}
