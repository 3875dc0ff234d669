import { randomBytes } from "node:crypto";

/**
 * A part of a document already laid out as JSON (`JSON.stringify(value, null, 2)`, at no indent).
 * `jsonChunks` splices it in where it stands, indented to its place.
 *
 * `generate --app` lays out each app's folder as soon as it is built: the folder's objects then
 * die young instead of living until the whole collection is written, which is what made the
 * garbage collector copy them again and again for many large apps.
 */
export class JsonText {
  constructor(readonly text: string) {}

  /**
   * What `JSON.stringify` writes in its place: a mark `jsonChunks` replaces. A `toJSON` rather
   * than a replacer, which would call back into JavaScript for every value of the document.
   */
  toJSON(): string {
    if (collecting === undefined) throw new Error("JsonText is laid out by jsonChunks only");
    collecting.push(this);
    return `${MARK}${collecting.length - 1}\ue001`;
  }
}

/** The `JsonText`s met by the `JSON.stringify` under way in `jsonChunks` (it runs synchronously). */
let collecting: JsonText[] | undefined;

/**
 * Marks where a `JsonText` goes while the native `JSON.stringify` lays the rest out: private-use
 * characters around 16 random bytes, which no data can hold by chance.
 */
const MARK = `\ue000${randomBytes(16).toString("hex")}:`;
const MARKED = new RegExp(`"${MARK}(\\d+)\ue001"`, "g");

/**
 * `JSON.stringify(value, null, 2)` and a final newline, as pieces to write one after the other
 * (joining them would only copy megabytes for nothing), with each `JsonText` spliced in.
 */
export function jsonChunks(value: unknown): string[] {
  const texts: JsonText[] = [];
  collecting = texts;
  let text: string;
  try {
    text = JSON.stringify(value, null, 2);
  } finally {
    collecting = undefined;
  }
  if (texts.length === 0) return [`${text}\n`];
  const chunks: string[] = [];
  let from = 0;
  for (const match of text.matchAll(MARKED)) {
    const at = match.index;
    // The indent of the line the mark stands on; JSON text has line breaks only between values.
    const indent = /^ */.exec(text.slice(text.lastIndexOf("\n", at) + 1, at))![0];
    chunks.push(text.slice(from, at));
    chunks.push(texts[Number(match[1])]!.text.replaceAll("\n", `\n${indent}`));
    from = at + match[0].length;
  }
  chunks.push(`${text.slice(from)}\n`);
  return chunks;
}
