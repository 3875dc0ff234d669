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
 * JSON text for a request body, laid out as `JSON.stringify(value, null, 2)` lays it out, with
 * one difference: a `{{` inside data (a field code, an option name) is written `{\u007b`, which
 * kintone reads back as `{{` but Postman never takes for a variable. Only `Placeholder`s become
 * variables.
 */
export function bodyText(value: unknown, used?: Set<string>): string {
  return write(value, "", used);
}

function write(value: unknown, indent: string, used: Set<string> | undefined): string {
  if (value instanceof Placeholder) {
    used?.add(value.name);
    const reference = `{{${value.name}}}`;
    if (value.options.raw) return reference;
    return `"${escape(value.options.prefix ?? "")}${reference}${escape(value.options.suffix ?? "")}"`;
  }
  if (value === null || typeof value !== "object") return literal(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => inner + write(item, inner, used)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(
    ([key, item]) => `${inner}${literal(key)}: ${write(item, inner, used)}`,
  );
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

function literal(value: unknown): string {
  return typeof value === "string" ? `"${escape(value)}"` : JSON.stringify(value);
}

/** A JSON string's content, with `{{` broken for Postman. */
function escape(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\{(?=\{)/g, "\\u007b");
}
