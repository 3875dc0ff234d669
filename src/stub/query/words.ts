/**
 * kintone's `like` is a word search, not a substring match (query doc: "クエリで文字列検索する場合は
 * 単語検索です"). An independent emulator observed on a real domain that `like "key"` misses
 * "gamma keyword" while `like "keyword"` finds it. So: the needle's Latin letters and digits must
 * each be a whole word of the value (case-insensitive). Japanese and other unspaced scripts have
 * no word boundaries the stub can know (kintone uses its own index): they match as substrings.
 */
export function containsWords(haystack: string, needle: string): boolean {
  const words = new Set(latinWords(haystack));
  const text = haystack.toLowerCase();
  const pieces = needle.toLowerCase().match(PIECE) ?? [];
  if (pieces.length === 0) return text.includes(needle.toLowerCase().trim());
  return pieces.every((piece) =>
    LATIN_WORD.test(piece) ? words.has(piece) : text.includes(piece),
  );
}

/** Runs of Latin letters and digits, or runs of anything else that is not a space or a symbol. */
const PIECE = /[a-z0-9]+|[^\sa-z0-9!-/:-@[-`{-~]+/g;
const LATIN_WORD = /^[a-z0-9]+$/;

function latinWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}
