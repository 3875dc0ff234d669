import { findField, kindOf, type FieldProperty } from "../fields.js";
import { invalidParameter, kintoneError } from "../http/kintone-error.js";
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
import type { Condition, Query, Value } from "./parse.js";

/** What a query needs besides the records: who asks (LOGINUSER()) and when (TODAY()). */
export interface QueryScope {
  app: AppData;
  user: Entity;
  now?: Date;
}

type Kind = "number" | "text" | "date" | "datetime" | "time";

/** Resolves a field of the query once, so every record is compared the same way. */
interface Resolved {
  kind: Kind;
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
      const { read } = resolve(condition.field);
      return (record) => read(record).every(isEmpty) !== condition.negated;
    }
    case "compare": {
      const { kind, read } = resolve(condition.field);
      const wanted = condition.values.map((value) => literal(value, scope));
      const matchesOne = (actual: unknown) => wanted.some((value) => equals(kind, actual, value));
      switch (condition.operator) {
        case "=":
        case "in":
          return (record) => read(record).some(matchesOne);
        case "!=":
        case "not in":
          return (record) => !read(record).some(matchesOne);
        case "like":
        case "not like": {
          const needle = String(wanted[0] ?? "").toLowerCase();
          const negated = condition.operator === "not like";
          return (record) =>
            read(record).some((actual) => textOf(actual).toLowerCase().includes(needle)) !==
            negated;
        }
        default: {
          const operator = condition.operator;
          return (record) =>
            read(record).some((actual) => {
              if (isEmpty(actual)) return false;
              const order = compareScalars(kind, actual, wanted[0]);
              return operator === ">"
                ? order > 0
                : operator === "<"
                  ? order < 0
                  : operator === ">="
                    ? order >= 0
                    : order <= 0;
            });
        }
      }
    }
  }
}

function resolveField(app: AppData, fields: Record<string, FieldProperty>, code: string): Resolved {
  if (code === "$id") return { kind: "number", read: (record) => [record.id] };
  if (code === "$revision") return { kind: "number", read: (record) => [record.revision] };
  const found = findField(fields, code);
  if (!found || kindOf(found.field) === "layout") throw kintoneError.queryFieldNotFound(code);
  const { field, table } = found;
  const kind = kindForQuery(field);
  if (table) {
    // A subtable column matches when any of its rows does.
    return {
      kind,
      read: (record) =>
        ((record.values[table.code] ?? []) as StoredRow[]).flatMap((row) =>
          flatten(row.value[code]),
        ),
    };
  }
  if (field.type === "RECORD_NUMBER") return { kind: "number", read: (record) => [record.id] };
  return { kind, read: (record) => flatten(comparableValue(app, record, field)) };
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

function literal(value: Value, scope: QueryScope): string {
  if (value.kind !== "function") return value.value;
  const now = scope.now ?? new Date();
  const day = (offset: number) =>
    timestamp(new Date(now.getTime() + offset * 86_400_000)).slice(0, 10);
  switch (value.name) {
    case "LOGINUSER":
      return scope.user.code;
    case "NOW":
      return timestamp(now);
    case "TODAY":
      return day(0);
    case "YESTERDAY":
      return day(-1);
    case "TOMORROW":
      return day(1);
    case "FROM_TODAY": {
      const [amount = "0", unit = "DAYS"] = value.args;
      const days = { DAYS: 1, WEEKS: 7, MONTHS: 30, YEARS: 365 }[unit.toUpperCase()];
      if (days === undefined || !/^-?\d+$/.test(amount)) break;
      return day(Number(amount) * days);
    }
    default:
      break;
  }
  throw invalidParameter("query", `The function ${value.name}() is not supported here.`);
}

function equals(kind: Kind, actual: unknown, wanted: string): boolean {
  if (kind === "text") return textOf(actual) === wanted;
  return !isEmpty(actual) && compareScalars(kind, actual, wanted) === 0;
}

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
