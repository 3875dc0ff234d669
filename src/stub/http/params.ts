import qs from "qs";
import { invalidParameter } from "./kintone-error.js";

/** Request parameters after decoding: a JSON body, or a query string decoded the same way. */
export type Params = Record<string, unknown>;

/**
 * Decodes a query string the way kintone reads it: `fields[0]=a&fields[1]=b` and repeated keys
 * become arrays, `a[b]=c` nested objects. qs is what the official client writes them with.
 */
export function parseQueryString(search: string): Params {
  return qs.parse(search, {
    ignoreQueryPrefix: true,
    // kintone takes up to 100 ids or fields in one request; qs would turn indexes past its default
    // limit of 20 into object keys.
    arrayLimit: 1000,
    parameterLimit: 10_000,
  });
}

// --- Typed access. kintone accepts numbers as JSON numbers or strings ("Integer or String"). ---

const REQUIRED = "Required.";

export function hasParam(params: Params, key: string): boolean {
  return params[key] !== undefined && params[key] !== null && params[key] !== "";
}

/** A positive integer id (`app`, `id`, `record`…), returned in kintone's string form. */
export function requiredId(params: Params, key: string): string {
  if (!hasParam(params, key)) throw invalidParameter(key, REQUIRED);
  return idFrom(params[key], key);
}

export function idFrom(value: unknown, key: string): string {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw invalidParameter(key, "Enter an integer of 1 or more.");
  }
  return String(Number(text));
}

export function optionalInteger(
  params: Params,
  key: string,
  bounds: { min: number; max: number },
): number | undefined {
  if (!hasParam(params, key)) return undefined;
  const value = params[key];
  const number = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isInteger(number)) throw invalidParameter(key, "Enter an integer.");
  if (number < bounds.min) throw invalidParameter(key, `Enter ${bounds.min} or more.`);
  if (number > bounds.max) throw invalidParameter(key, `Enter ${bounds.max} or less.`);
  return number;
}

export function requiredString(params: Params, key: string): string {
  const value = optionalString(params, key);
  if (value === undefined || value === "") throw invalidParameter(key, REQUIRED);
  return value;
}

export function optionalString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw invalidParameter(key, "Enter a string.");
}

export function optionalBoolean(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw invalidParameter(key, "Enter true or false.");
}

/** An array parameter; a single query-string value counts as a one-element array. */
export function optionalArray(params: Params, key: string): unknown[] | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return [value];
  throw invalidParameter(key, "Enter an array.");
}

export function requiredArray(params: Params, key: string): unknown[] {
  const value = optionalArray(params, key);
  if (value === undefined || value.length === 0) throw invalidParameter(key, REQUIRED);
  return value;
}

export function optionalStringArray(params: Params, key: string): string[] | undefined {
  return optionalArray(params, key)?.map((item, index) => {
    if (typeof item === "string") return item;
    if (typeof item === "number") return String(item);
    throw invalidParameter(`${key}[${index}]`, "Enter a string.");
  });
}

export function requiredObject(params: Params, key: string): Params {
  const value = params[key];
  if (value === undefined || value === null) throw invalidParameter(key, REQUIRED);
  if (!isPlainObject(value)) throw invalidParameter(key, "Enter an object.");
  return value;
}

export function isPlainObject(value: unknown): value is Params {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `offset`/`limit` page of a list API (`limit` defaults to, and stops at, `max`). */
export function pageOf<T>(params: Params, items: T[], max: number): T[] {
  const offset = optionalInteger(params, "offset", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const limit = optionalInteger(params, "limit", { min: 1, max }) ?? max;
  return items.slice(offset, offset + limit);
}
