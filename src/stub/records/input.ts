import { randomBytes } from "node:crypto";
import {
  FIELD_TYPE_SPECS,
  kindOf,
  optionNames,
  subtableFields,
  type FieldProperty,
} from "../fields.js";
import { kintoneError, type FieldErrors } from "../http/kintone-error.js";
import { isPlainObject } from "../http/params.js";
import {
  timestamp,
  type AppData,
  type Entity,
  type RecordData,
  type StoredRow,
  type StubState,
} from "../state.js";
import { applyLookups, lookupCopiedCodes } from "./lookup.js";

/** What one write (one record of a request) needs to read its input. */
export interface InputContext {
  state: StubState;
  app: AppData;
  fields: Record<string, FieldProperty>;
  /** The acting user, for LOGINUSER() defaults. */
  actor: Entity;
  /** Problems found, keyed by the JSON path of the value in the request: kintone's `errors`. */
  errors: FieldErrors;
}

const message = {
  required: "Required.",
  notString: "Enter a string.",
  notNumber: "Enter a number.",
  notArray: "Enter an array.",
  notObject: 'Enter an object with a "value".',
  date: "Enter a date as YYYY-MM-DD.",
  time: "Enter a time as HH:MM.",
  datetime: "Enter a date and time as ISO 8601, e.g. 2024-01-31T09:00:00Z.",
  unique: "This value is already used by another record; it must be unique.",
  option: (value: string) => `"${value}" is not one of the field's options.`,
  maxLength: (n: string) => `Enter ${n} characters or fewer.`,
  minLength: (n: string) => `Enter ${n} characters or more.`,
  maxValue: (n: string) => `Enter ${n} or less.`,
  minValue: (n: string) => `Enter ${n} or more.`,
  fileKey: (key: string) => `The fileKey "${key}" is not an uploaded file.`,
} as const;

/**
 * The values of a new record: the input where given, kintone's defaults elsewhere. `path` is the
 * JSON path of the record in the request (`record`, `records[3]`).
 */
export function valuesForAdd(
  ctx: InputContext,
  input: unknown,
  path: string,
): Record<string, unknown> {
  const given = readGiven(ctx, input, path);
  // What a lookup copies is kintone's to fill: a value given for it is ignored.
  const copied = lookupCopiedCodes(ctx.fields);
  const values: Record<string, unknown> = {};
  for (const field of Object.values(ctx.fields)) {
    if (!isWritable(field) && !isSettableOnAdd(field)) continue;
    const valuePath = `${path}.${field.code}.value`;
    values[field.code] =
      Object.hasOwn(given, field.code) && !copied.has(field.code)
        ? readValue(ctx, field, given[field.code], valuePath)
        : defaultValue(ctx, field);
  }
  applyLookups(ctx, values, new Set(Object.keys(given)));
  for (const field of Object.values(ctx.fields)) {
    if (Object.hasOwn(values, field.code))
      checkRequired(ctx, field, values[field.code], `${path}.${field.code}.value`);
  }
  return values;
}

/** The values after an update: only fields given change. */
export function valuesForUpdate(
  ctx: InputContext,
  record: RecordData,
  input: unknown,
  path: string,
): Record<string, unknown> {
  const given = readGiven(ctx, input, path);
  const copied = lookupCopiedCodes(ctx.fields);
  const values = { ...record.values };
  for (const [code, raw] of Object.entries(given)) {
    const field = ctx.fields[code];
    // kintone ignores codes it does not know and fields a client cannot change.
    if (!field || !isWritable(field) || copied.has(code)) continue;
    values[code] = readValue(ctx, field, raw, `${path}.${code}.value`, record.values[code]);
  }
  applyLookups(ctx, values, new Set(Object.keys(given)));
  for (const code of Object.keys(given)) {
    const field = ctx.fields[code];
    if (field && isWritable(field))
      checkRequired(ctx, field, values[code], `${path}.${code}.value`);
  }
  return values;
}

/** Errors for unique fields whose value another record (or an earlier one in `batch`) holds. */
export function checkUnique(
  ctx: InputContext,
  values: Record<string, unknown>,
  path: string,
  options: { except?: number; batch: Map<string, Set<string>> },
): void {
  for (const field of Object.values(ctx.fields)) {
    if (field.unique !== true) continue;
    const value = values[field.code];
    if (isEmpty(value)) continue;
    const key = String(value);
    const seen = options.batch.get(field.code) ?? new Set<string>();
    const taken =
      seen.has(key) ||
      [...ctx.app.records.values()].some(
        (other) => other.id !== options.except && String(other.values[field.code]) === key,
      );
    if (taken) addError(ctx.errors, `${path}.${field.code}.value`, message.unique);
    seen.add(key);
    options.batch.set(field.code, seen);
  }
}

export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}

export function addError(errors: FieldErrors, key: string, text: string): void {
  (errors[key] ??= { messages: [] }).messages.push(text);
}

function readGiven(ctx: InputContext, input: unknown, path: string): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (!isPlainObject(input)) {
    addError(ctx.errors, path, "Enter the record as an object of field codes.");
    return {};
  }
  return input;
}

function isWritable(field: FieldProperty): boolean {
  const kind = kindOf(field);
  return kind !== "system" && kind !== "calc" && kind !== "layout";
}

/** kintone lets data migrations set who created a record and when, on add only. */
function isSettableOnAdd(field: FieldProperty): boolean {
  return ["CREATOR", "CREATED_TIME", "MODIFIER", "UPDATED_TIME"].includes(field.type);
}

function readValue(
  ctx: InputContext,
  field: FieldProperty,
  wrapper: unknown,
  path: string,
  previous?: unknown,
): unknown {
  if (!isPlainObject(wrapper)) {
    addError(ctx.errors, path.replace(/\.value$/, ""), message.notObject);
    return FIELD_TYPE_SPECS[field.type].empty;
  }
  const raw = wrapper.value;
  switch (field.type) {
    case "CREATOR":
    case "MODIFIER":
      return entityList(ctx, "users", [raw], path)[0] ?? null;
    case "CREATED_TIME":
    case "UPDATED_TIME":
      return readDatetime(ctx, raw, path);
    default:
      break;
  }
  switch (kindOf(field)) {
    case "text":
      return readText(ctx, field, raw, path);
    case "number":
      return readNumber(ctx, field, raw, path);
    case "date":
      return readPattern(ctx, raw, path, /^\d{4}-\d{2}-\d{2}$/, message.date, validDate);
    case "time":
      return readTime(ctx, raw, path);
    case "datetime":
      return readDatetime(ctx, raw, path);
    case "choice":
      return readChoice(ctx, field, raw, path);
    case "choices":
      return readChoices(ctx, field, raw, path);
    case "users":
    case "organizations":
    case "groups":
      return entityList(ctx, kindOf(field) as EntityKind, raw, path);
    case "files":
      return readFiles(ctx, raw, path);
    case "table":
      return readTable(ctx, field, raw, path, previous as StoredRow[] | undefined);
    default:
      return FIELD_TYPE_SPECS[field.type].empty;
  }
}

function readText(ctx: InputContext, field: FieldProperty, raw: unknown, path: string): string {
  if (raw === null || raw === undefined) return "";
  if (typeof raw !== "string" && typeof raw !== "number") {
    addError(ctx.errors, path, message.notString);
    return "";
  }
  const value = String(raw);
  const length = [...value].length;
  const max = String(field.maxLength ?? "");
  const min = String(field.minLength ?? "");
  if (value !== "" && max !== "" && length > Number(max))
    addError(ctx.errors, path, message.maxLength(max));
  if (value !== "" && min !== "" && length < Number(min))
    addError(ctx.errors, path, message.minLength(min));
  return value;
}

function readNumber(ctx: InputContext, field: FieldProperty, raw: unknown, path: string): string {
  if (raw === null || raw === undefined || raw === "") return "";
  const text = typeof raw === "number" ? String(raw) : raw;
  if (typeof text !== "string" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) {
    addError(ctx.errors, path, message.notNumber);
    return "";
  }
  const value = text.trim();
  const max = String(field.maxValue ?? "");
  const min = String(field.minValue ?? "");
  if (max !== "" && Number(value) > Number(max)) addError(ctx.errors, path, message.maxValue(max));
  if (min !== "" && Number(value) < Number(min)) addError(ctx.errors, path, message.minValue(min));
  return value;
}

function readPattern(
  ctx: InputContext,
  raw: unknown,
  path: string,
  pattern: RegExp,
  problem: string,
  valid: (value: string) => boolean = () => true,
): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  if (typeof raw !== "string" || !pattern.test(raw) || !valid(raw)) {
    addError(ctx.errors, path, problem);
    return null;
  }
  return raw;
}

function readTime(ctx: InputContext, raw: unknown, path: string): string | null {
  // kintone keeps hours and minutes; seconds, when sent, are dropped.
  const value = readPattern(ctx, raw, path, /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, message.time);
  return value === null ? null : value.slice(0, 5);
}

function readDatetime(ctx: InputContext, raw: unknown, path: string): string {
  if (raw === null || raw === undefined || raw === "") return "";
  const parsed =
    typeof raw === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw)
      ? new Date(raw)
      : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    addError(ctx.errors, path, message.datetime);
    return "";
  }
  // kintone stores minutes: seconds come back as 00, in UTC.
  parsed.setUTCSeconds(0, 0);
  return timestamp(parsed);
}

function readChoice(ctx: InputContext, field: FieldProperty, raw: unknown, path: string): unknown {
  if (raw === null || raw === undefined || raw === "") return FIELD_TYPE_SPECS[field.type].empty;
  if (typeof raw !== "string" || !optionNames(field).includes(raw)) {
    addError(ctx.errors, path, message.option(String(raw)));
    return FIELD_TYPE_SPECS[field.type].empty;
  }
  return raw;
}

function readChoices(
  ctx: InputContext,
  field: FieldProperty,
  raw: unknown,
  path: string,
): string[] {
  const items = arrayValue(ctx, raw, path);
  const options = optionNames(field);
  for (const item of items) {
    if (typeof item !== "string" || !options.includes(item))
      addError(ctx.errors, path, message.option(String(item)));
  }
  return items.filter((item): item is string => typeof item === "string" && options.includes(item));
}

type EntityKind = "users" | "organizations" | "groups";

/** The pool an entity `type` (USER, GROUP, ORGANIZATION) is looked up in. */
export function entityKind(type: string): EntityKind {
  return type === "GROUP" ? "groups" : type === "ORGANIZATION" ? "organizations" : "users";
}

/** `[{code}]` → `[{code, name}]`; an unknown code is an error of its own in kintone, not CB_VA01. */
function entityList(ctx: InputContext, kind: EntityKind, raw: unknown, path: string): Entity[] {
  const items = arrayValue(ctx, raw, path);
  return items.flatMap((item, index) => {
    const code = isPlainObject(item) && typeof item.code === "string" ? item.code : undefined;
    if (code === undefined) {
      addError(ctx.errors, `${path}[${index}].code`, message.required);
      return [];
    }
    return [lookupEntity(ctx.state, kind, code)];
  });
}

export function lookupEntity(state: StubState, kind: EntityKind, code: string): Entity {
  const pool =
    kind === "users"
      ? state.data.users
      : kind === "groups"
        ? state.data.groups
        : state.data.organizations;
  const found = pool.find((entity) => entity.code === code);
  if (found) return { code: found.code, name: found.name };
  throw kind === "users"
    ? kintoneError.userNotFound(code)
    : kind === "groups"
      ? kintoneError.groupNotFound(code)
      : kintoneError.organizationNotFound(code);
}

/**
 * `[{fileKey}]`: a key from Upload File is stored under a new key, as kintone does; a key an
 * attachment already has keeps its file (that is how a client keeps attachments on update).
 */
function readFiles(ctx: InputContext, raw: unknown, path: string): Record<string, string>[] {
  const items = arrayValue(ctx, raw, path);
  return items.flatMap((item, index) => {
    const key = isPlainObject(item) ? item.fileKey : undefined;
    const file = typeof key === "string" ? ctx.state.data.files.get(key) : undefined;
    if (!file) {
      addError(ctx.errors, `${path}[${index}].fileKey`, message.fileKey(String(key)));
      return [];
    }
    const stored = file.temporary ? { ...file, fileKey: attachmentKey(), temporary: false } : file;
    ctx.state.data.files.set(stored.fileKey, stored);
    return [
      {
        contentType: stored.contentType,
        fileKey: stored.fileKey,
        name: stored.name,
        size: String(Buffer.from(stored.data, "base64").length),
      },
    ];
  });
}

/** Attachment keys look like kintone's: a timestamp followed by hex. */
function attachmentKey(): string {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}${randomBytes(16).toString("hex").toUpperCase()}`;
}

function readTable(
  ctx: InputContext,
  table: FieldProperty,
  raw: unknown,
  path: string,
  previous: StoredRow[] = [],
): StoredRow[] {
  const items = arrayValue(ctx, raw, path);
  const columns = subtableFields(table);
  return items.map((row, index) => {
    const rowPath = `${path}[${index}]`;
    const given = isPlainObject(row) && isPlainObject(row.value) ? row.value : {};
    const id =
      isPlainObject(row) && row.id !== undefined && row.id !== null ? String(row.id) : undefined;
    // A row with a known id is updated in place: columns left out keep their values.
    const kept = previous.find((candidate) => candidate.id === id);
    const value: Record<string, unknown> = {};
    for (const column of Object.values(columns)) {
      const columnPath = `${rowPath}.value.${column.code}.value`;
      if (Object.hasOwn(given, column.code)) {
        value[column.code] = readValue(ctx, column, given[column.code], columnPath);
      } else {
        value[column.code] = kept ? kept.value[column.code] : defaultValue(ctx, column);
      }
      checkRequired(ctx, column, value[column.code], columnPath);
    }
    return { id: kept?.id ?? String(++ctx.state.data.counters.row), value };
  });
}

/** An array value: null counts as empty, anything else that is not an array is an error. */
function arrayValue(ctx: InputContext, raw: unknown, path: string): unknown[] {
  if (raw === null || raw === undefined) return [];
  if (Array.isArray(raw)) return raw;
  addError(ctx.errors, path, message.notArray);
  return [];
}

function checkRequired(
  ctx: InputContext,
  field: FieldProperty,
  value: unknown,
  path: string,
): void {
  if (field.required === true && isEmpty(value)) addError(ctx.errors, path, message.required);
}

/** A field's value in a new record when the client gives none. */
function defaultValue(ctx: InputContext, field: FieldProperty): unknown {
  const spec = FIELD_TYPE_SPECS[field.type];
  const fallback = field.defaultValue;
  const now = new Date();
  switch (spec.kind) {
    case "text":
    case "number":
      return typeof fallback === "string" ? fallback : spec.empty;
    case "date":
      return field.defaultNowValue === true ? timestamp(now).slice(0, 10) : fallback || spec.empty;
    case "time":
      return field.defaultNowValue === true ? timestamp(now).slice(11, 16) : fallback || spec.empty;
    case "datetime":
      return field.defaultNowValue === true
        ? timestamp(new Date(now.setUTCSeconds(0, 0)))
        : fallback || spec.empty;
    case "choice":
      return (
        fallback || (field.type === "RADIO_BUTTON" ? (optionNames(field)[0] ?? "") : spec.empty)
      );
    case "choices":
      return Array.isArray(fallback) ? [...(fallback as string[])] : [];
    case "users":
    case "organizations":
    case "groups":
      return defaultEntities(ctx, spec.kind, fallback);
    case "table":
      return [];
    default:
      return spec.empty;
  }
}

function defaultEntities(ctx: InputContext, kind: EntityKind, fallback: unknown): Entity[] {
  if (!Array.isArray(fallback)) return [];
  return fallback.flatMap((item: { code?: string; type?: string }) => {
    if (item.type === "FUNCTION") return item.code === "LOGINUSER()" ? [ctx.actor] : [];
    try {
      return item.code ? [lookupEntity(ctx.state, kind, item.code)] : [];
    } catch {
      return [];
    }
  });
}

function validDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
