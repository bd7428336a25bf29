import stem from "wink-porter2-stemmer";

// Words as lib/db/gallery's toPrefixTsQuery splits a search: letters and digits, lowercased, at most eight.
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_SEARCH_WORDS = 8;

export interface TextPart {
  text: string;
  /** True when this word is one the search matched. */
  match: boolean;
}

/** Each search word with its English stem: the two prefixes the database query accepts for it. */
export function searchPrefixes(search: string | undefined): string[][] {
  const words = search?.toLowerCase().match(WORD)?.slice(0, MAX_SEARCH_WORDS) ?? [];
  return words.map((word) => [...new Set([word, stem(word)])]);
}

/**
 * Whether a word of the prompt is one a search word matched. The search column holds each prompt word
 * plain and stemmed (Porter2, PostgreSQL's `english`), and a search word matches, plain or stemmed, as a
 * prefix of either: "cats" matches "cat", "floats" matches "floating", "astro" matches "astronaut".
 */
function matchesAny(word: string, prefixes: string[][]): boolean {
  const lower = word.toLowerCase();
  const forms = [lower, stem(lower)];
  return prefixes.some((alternatives) => alternatives.some((prefix) => forms.some((form) => form.startsWith(prefix))));
}

/** The text cut into runs, the words the search matched apart: why this result was found. */
export function highlightParts(text: string, search: string | undefined): TextPart[] {
  const prefixes = searchPrefixes(search);
  if (prefixes.length === 0) return text ? [{ text, match: false }] : [];
  const parts: TextPart[] = [];
  let last = 0;
  for (const found of text.matchAll(WORD)) {
    if (!matchesAny(found[0], prefixes)) continue;
    if (found.index > last) parts.push({ text: text.slice(last, found.index), match: false });
    parts.push({ text: found[0], match: true });
    last = found.index + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
