import { randomBytes } from "node:crypto";

/**
 * A Postman variable reference inside a body: `prefix{{name}}suffix` as a JSON string, or the bare
 * `{{name}}` when `raw` (a variable that holds JSON, such as a list of ids).
 */
export class Placeholder {
  constructor(
    readonly name: string,
    readonly options: { prefix?: string; suffix?: string; raw?: boolean } = {},
  ) {}
}

/**
 * Marks where placeholders go while the native JSON.stringify lays the body out. Private-use
 * characters around 16 random bytes: no data can hold it by chance, and it never reaches the output.
 */
const MARK = `\ue000${randomBytes(16).toString("hex")}:`;
const MARKS = new RegExp(`"?${MARK}(\\d+)\ue001"?`, "g");

/**
 * JSON text for a request body, laid out as `JSON.stringify(value, null, 2)` lays it out, with
 * one difference: a `{{` inside data (a field code, an option name) is written `{\u007b`, which
 * kintone reads back as `{{` but Postman never takes for a variable. Only `Placeholder`s become
 * variables; their names go into `used`.
 */
export function bodyText(value: unknown, used?: Set<string>): string {
  const placeholders: Placeholder[] = [];
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (!(item instanceof Placeholder)) return item;
      placeholders.push(item);
      return `${MARK}${placeholders.length - 1}\ue001`;
    },
    2,
  );
  // Pretty-printed JSON never puts two braces side by side: every `{{` here is inside a string.
  const safe = text.replace(/\{(?=\{)/g, "\\u007b");
  return safe.replace(MARKS, (_match, index: string) => {
    const placeholder = placeholders[Number(index)]!;
    used?.add(placeholder.name);
    const reference = `{{${placeholder.name}}}`;
    if (placeholder.options.raw) return reference;
    return `"${escape(placeholder.options.prefix ?? "")}${reference}${escape(placeholder.options.suffix ?? "")}"`;
  });
}

/** A JSON string's content, with `{{` broken for Postman. */
function escape(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\{(?=\{)/g, "\\u007b");
}
