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
 * A part of a body that recurs in many bodies (an app's field values recur in each of its record
 * bodies): laid out once per indent, then its text is reused. Never change what it holds.
 */
export class SharedJson {
  readonly #texts = new Map<string, { text: string; used: string[] }>();

  constructor(readonly value: unknown) {}

  /** `toJSON` keeps `JSON.stringify` (and anything else that reads it as JSON) seeing the value. */
  toJSON(): unknown {
    return this.value;
  }

  /** @internal the text at `indent`, laid out by `layout` the first time. */
  textAt(indent: string, layout: () => { text: string; used: string[] }) {
    let known = this.#texts.get(indent);
    if (known === undefined) this.#texts.set(indent, (known = layout()));
    return known;
  }
}

/**
 * JSON text for a request body, laid out as `JSON.stringify(value, null, 2)` lays it out, with
 * one difference: a `{{` inside data (a field code, an option name) is written `{\u007b`, which
 * kintone reads back as `{{` but Postman never takes for a variable. Only `Placeholder`s become
 * variables; their names go into `used`.
 *
 * Laid out by hand rather than by `JSON.stringify` with a replacer: a replacer makes the native
 * code call back into JavaScript for every value, and with bodies of hundreds of fields, several
 * per app, for many apps, that was the costliest step of `generate --app`. Strings still go
 * through the native `JSON.stringify`, so escaping is exactly the built-in one.
 */
export function bodyText(value: unknown, used?: Set<string>): string {
  const parts: string[] = [];
  return write(value, "", parts, used) ? parts.join("") : "undefined";
}

/**
 * Appends the value's text to `parts`; false where `JSON.stringify` leaves the value out (a
 * function, `undefined`). One list of parts joined once: concatenating as it goes builds long
 * chains of string pieces that cost more to flatten than they save.
 */
function write(
  value: unknown,
  indent: string,
  parts: string[],
  used: Set<string> | undefined,
): boolean {
  switch (typeof value) {
    case "string":
      parts.push(quote(value));
      return true;
    case "number":
      parts.push(Number.isFinite(value) ? String(value) : "null");
      return true;
    case "boolean":
      parts.push(value ? "true" : "false");
      return true;
    case "bigint":
      // As JSON.stringify does.
      throw new TypeError("Do not know how to serialize a BigInt");
    case "object":
      break;
    default:
      return false;
  }
  if (value === null) {
    parts.push("null");
    return true;
  }
  if (value instanceof Placeholder) {
    parts.push(placeholderText(value, used));
    return true;
  }
  if (value instanceof SharedJson) {
    const known = value.textAt(indent, () => {
      const own: string[] = [];
      const names = new Set<string>();
      write(value.value, indent, own, names);
      return { text: own.join(""), used: [...names] };
    });
    parts.push(known.text);
    for (const name of known.used) used?.add(name);
    return true;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return write((value as { toJSON: () => unknown }).toJSON(), indent, parts, used);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      parts.push("[]");
      return true;
    }
    for (let index = 0; index < value.length; index++) {
      parts.push(index === 0 ? `[\n${inner}` : `,\n${inner}`);
      if (!write(value[index], inner, parts, used)) parts.push("null");
    }
    parts.push(`\n${indent}]`);
    return true;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const at = parts.length;
    parts.push(`${first ? "{\n" : ",\n"}${inner}${quote(key)}: `);
    if (write((value as Record<string, unknown>)[key], inner, parts, used)) first = false;
    else parts.length = at;
  }
  parts.push(first ? "{}" : `\n${indent}}`);
  return true;
}

function placeholderText(placeholder: Placeholder, used: Set<string> | undefined): string {
  used?.add(placeholder.name);
  const reference = `{{${placeholder.name}}}`;
  if (placeholder.options.raw) return reference;
  return `"${escape(placeholder.options.prefix ?? "")}${reference}${escape(placeholder.options.suffix ?? "")}"`;
}

/** A JSON string with `{{` broken for Postman. */
function quote(text: string): string {
  const json = JSON.stringify(text);
  return json.includes("{{") ? json.replace(/\{(?=\{)/g, "\\u007b") : json;
}

/** A JSON string's content, with `{{` broken for Postman. */
function escape(text: string): string {
  return quote(text).slice(1, -1);
}
