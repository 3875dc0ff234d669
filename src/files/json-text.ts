/**
 * A value already laid out as JSON text (`JSON.stringify(value, null, 2)`), at the depth where it
 * will sit: a large part of a file (an app's folder) can be laid out as soon as it is built and
 * its objects let go, so the whole file never exists as objects and text at once.
 */
export class JsonText {
  readonly text: string;

  constructor(value: unknown, depth: number) {
    // Nested in `depth` arrays, JSON.stringify indents the value as deep as it will sit; the
    // arrays' own brackets are cut off again (one pass, no search through the text).
    let nested = value;
    for (let level = 0; level < depth; level++) nested = [nested];
    const text = JSON.stringify(nested, null, 2);
    // Before it: `[` + line break + indent per level, then its own indent; after it: the reverse.
    const before = depth * depth + 3 * depth;
    const after = depth * depth + depth;
    this.text = text.slice(before, text.length - after);
  }

  /** Only `jsonTextPieces` writes it, and only where it walks: anywhere deeper is a mistake. */
  toJSON(): never {
    throw new Error("JsonText deeper than jsonTextPieces walks");
  }
}

/** Objects and arrays this shallow are written piece by piece; deeper values in one piece. */
const PIECEWISE_DEPTH = 2;

/**
 * The file text of `value` in pieces, exactly as `toJsonText(value)` (two-space indent, final
 * newline) with each `JsonText` in its place: a large file is written without ever being one
 * string.
 */
export function* jsonTextPieces(value: unknown): Generator<string> {
  yield* pieces(value, 0);
  yield "\n";
}

function* pieces(value: unknown, depth: number): Generator<string> {
  if (value instanceof JsonText) {
    yield value.text;
  } else if (depth >= PIECEWISE_DEPTH || value === null || typeof value !== "object") {
    yield layOut(value, depth);
  } else {
    const inner = `\n${"  ".repeat(depth + 1)}`;
    const entries = Array.isArray(value)
      ? value.map((item) => [undefined, item === undefined ? null : item] as const)
      : Object.entries(value).filter(([, item]) => writable(item));
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) {
      yield `${open}${close}`;
      return;
    }
    yield open;
    for (const [index, [key, item]] of entries.entries()) {
      yield `${index === 0 ? "" : ","}${inner}${key === undefined ? "" : `${JSON.stringify(key)}: `}`;
      yield* pieces(item, depth + 1);
    }
    yield `\n${"  ".repeat(depth)}${close}`;
  }
}

/** What JSON.stringify leaves out of an object. */
function writable(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

function layOut(value: unknown, depth: number): string {
  return new JsonText(value, depth).text;
}
