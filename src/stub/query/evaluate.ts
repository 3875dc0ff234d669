import { findField, kindOf, type FieldProperty, type FieldType } from "../fields.js";
import { kintoneError } from "../http/kintone-error.js";
import { isEmpty } from "../records/input.js";
import { comparableValue } from "../records/output.js";
import {
  fieldsOf,
  timestamp,
  type AppData,
  type Entity,
  type RecordData,
  type StoredRow,
} from "../state.js";
import { evaluateFunction, localDate, type FunctionValue } from "./functions.js";
import { checkOperator, type QueryOperator } from "./operators.js";
import type { Condition, Query, Value } from "./parse.js";
import { containsWords } from "./words.js";

/** kintone's time zone for its Japanese users, and the stub's when a user names none. */
export const DEFAULT_TIME_ZONE = "Asia/Tokyo";

/** What a query needs besides the records: who asks (LOGINUSER()) and when (TODAY()). */
export interface QueryScope {
  app: AppData;
  user: Entity;
  /** The asking user's primary department (PRIMARY_ORGANIZATION()). */
  primaryOrganization?: string;
  /** The asking user's IANA time zone; DEFAULT_TIME_ZONE when left out. */
  timeZone?: string;
  now?: Date;
}

/** A value after functions are resolved: text, or a span of days (TODAY(), THIS_MONTH()…). */
type Literal = Exclude<FunctionValue, { kind: "ignored" }>;

type Kind = "number" | "text" | "date" | "datetime" | "time";

/** Resolves a field of the query once, so every record is compared the same way. */
interface Resolved {
  kind: Kind;
  /** What kintone's operator table keys on. */
  type: FieldType | "$id";
  inTable: boolean;
  read: (record: RecordData) => unknown[];
}

/** The records matching `query.condition`, in the query's order (`$id desc` by default). */
export function selectRecords(query: Query, scope: QueryScope): RecordData[] {
  const fields = fieldsOf(scope.app);
  const resolve = memo((code: string) => resolveField(scope.app, fields, code));
  const test = query.condition ? compile(query.condition, resolve, scope) : () => true;
  const matching = [...scope.app.records.values()].filter(test).sort((a, b) => b.id - a.id);
  const orders = query.orderBy.map(({ field, descending }) => ({
    resolved: resolve(field),
    descending,
  }));
  return matching.sort((a, b) => {
    for (const { resolved, descending } of orders) {
      const order = compareScalars(resolved.kind, resolved.read(a)[0], resolved.read(b)[0]);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

function compile(
  condition: Condition,
  resolve: (code: string) => Resolved,
  scope: QueryScope,
): (record: RecordData) => boolean {
  switch (condition.kind) {
    case "and": {
      const [left, right] = [
        compile(condition.left, resolve, scope),
        compile(condition.right, resolve, scope),
      ];
      return (record) => left(record) && right(record);
    }
    case "or": {
      const [left, right] = [
        compile(condition.left, resolve, scope),
        compile(condition.right, resolve, scope),
      ];
      return (record) => left(record) || right(record);
    }
    case "empty": {
      const { read } = checked(condition.field, condition.negated ? "is not" : "is");
      // The query doc: empty means only spaces, line breaks and tabs.
      const blank = (value: unknown) => isEmpty(value) || textOf(value).trim() === "";
      return (record) => read(record).every(blank) !== condition.negated;
    }
    case "compare": {
      const { kind, read } = checked(condition.field, condition.operator);
      const resolved = condition.values.map((value) => literal(value, scope));
      // PRIMARY_ORGANIZATION() for a user without one: kintone ignores the condition.
      if (resolved.some((value) => value.kind === "ignored")) return () => true;
      const wanted = resolved as Literal[];
      const day = (actual: unknown) => dayOf(kind, actual, scope);
      const matchesOne = (actual: unknown) =>
        wanted.some((value) => equals(kind, actual, value, day));
      switch (condition.operator) {
        case "=":
        case "in":
          return (record) => read(record).some(matchesOne);
        case "!=":
        case "not in":
          return (record) => !read(record).some(matchesOne);
        case "like":
        case "not like": {
          const needle = textOfLiteral(wanted[0]);
          const negated = condition.operator === "not like";
          return (record) =>
            read(record).some((actual) => containsWords(textOf(actual), needle)) !== negated;
        }
        default: {
          const operator = condition.operator;
          const bound = wanted[0]!;
          return (record) =>
            read(record).some((actual) => {
              if (isEmpty(actual)) return false;
              const [low, high] = position(kind, actual, bound, day);
              return operator === ">"
                ? high > 0
                : operator === "<"
                  ? low < 0
                  : operator === ">="
                    ? low >= 0
                    : high <= 0;
            });
        }
      }
    }
  }

  /** The field, once kintone's operator rules allow the operator on it. */
  function checked(code: string, operator: QueryOperator): Resolved {
    const field = resolve(code);
    checkOperator(code, field.type, field.inTable, operator);
    return field;
  }
}

/**
 * Where a value sits against the wanted one, as [against its start, against its end]: a span of
 * days (THIS_MONTH()) has both, so `>` means after its last day and `<` before its first.
 */
function position(
  kind: Kind,
  actual: unknown,
  bound: Literal,
  day: (actual: unknown) => string,
): [number, number] {
  if (bound.kind === "days")
    return [compareText(day(actual), bound.from), compareText(day(actual), bound.to)];
  const order = compareScalars(kind, actual, bound.value);
  return [order, order];
}

function resolveField(app: AppData, fields: Record<string, FieldProperty>, code: string): Resolved {
  const own = { type: "$id" as const, inTable: false, kind: "number" as const };
  if (code === "$id") return { ...own, read: (record) => [record.id] };
  if (code === "$revision") return { ...own, read: (record) => [record.revision] };
  const found = findField(fields, code);
  if (!found || kindOf(found.field) === "layout") throw kintoneError.queryFieldNotFound(code);
  const { field, table } = found;
  const kind = kindForQuery(field);
  if (table) {
    // A subtable column matches when any of its rows does.
    return {
      kind,
      type: field.type,
      inTable: true,
      read: (record) =>
        ((record.values[table.code] ?? []) as StoredRow[]).flatMap((row) =>
          flatten(row.value[code]),
        ),
    };
  }
  const top = { kind, type: field.type, inTable: false };
  if (field.type === "RECORD_NUMBER") return { ...top, read: (record) => [record.id] };
  return { ...top, read: (record) => flatten(comparableValue(app, record, field)) };
}

function kindForQuery(field: FieldProperty): Kind {
  switch (kindOf(field)) {
    case "number":
    case "calc":
      return "number";
    case "date":
      return "date";
    case "time":
      return "time";
    case "datetime":
      return "datetime";
    default:
      return field.type === "CREATED_TIME" || field.type === "UPDATED_TIME" ? "datetime" : "text";
  }
}

/** Multi-valued fields become their values; users and groups their codes, files their names. */
function flatten(value: unknown): unknown[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item !== "object" || item === null) return item;
    const entry = item as { code?: string; name?: string; fileKey?: string };
    return entry.code ?? entry.name ?? "";
  });
}

function literal(value: Value, scope: QueryScope): FunctionValue {
  if (value.kind !== "function") return { kind: "value", value: value.value };
  return evaluateFunction(value.name, value.args, {
    userCode: scope.user.code,
    ...(scope.primaryOrganization === undefined
      ? {}
      : { primaryOrganization: scope.primaryOrganization }),
    timeZone: scope.timeZone ?? DEFAULT_TIME_ZONE,
    now: scope.now ?? new Date(),
  });
}

function textOfLiteral(value: Literal | undefined): string {
  if (value === undefined) return "";
  return value.kind === "value" ? value.value : value.from;
}

/** The calendar day of a date or date-time value, the latter in the asking user's time zone. */
function dayOf(kind: Kind, actual: unknown, scope: QueryScope): string {
  const text = textOf(actual);
  if (kind !== "datetime") return text;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime())
    ? text.slice(0, 10)
    : localDate(instant, scope.timeZone ?? DEFAULT_TIME_ZONE);
}

function equals(
  kind: Kind,
  actual: unknown,
  wanted: Literal,
  day: (actual: unknown) => string,
): boolean {
  if (wanted.kind === "days") {
    if (isEmpty(actual)) return false;
    const date = day(actual);
    return compareText(date, wanted.from) >= 0 && compareText(date, wanted.to) <= 0;
  }
  if (kind === "text") return textOf(actual) === wanted.value;
  return !isEmpty(actual) && compareScalars(kind, actual, wanted.value) === 0;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareScalars(kind: Kind, a: unknown, b: unknown): number {
  const emptyA = isEmpty(a);
  const emptyB = isEmpty(b);
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? -1 : 1;
  if (kind === "number") return Number(a) - Number(b);
  let [left, right] = [textOf(a), textOf(b)];
  if (kind === "datetime") {
    // A date alone compares with the day of a date-time (kintone's `= TODAY()`).
    if (left.length === 10 || right.length === 10)
      [left, right] = [left.slice(0, 10), right.slice(0, 10)];
    else [left, right] = [normalizeDatetime(left), normalizeDatetime(right)];
  }
  return left < right ? -1 : left > right ? 1 : 0;
}

function normalizeDatetime(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : timestamp(date);
}

function textOf(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}
