import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import { timestamp } from "../state.js";

/** Who runs the query and when: LOGINUSER(), PRIMARY_ORGANIZATION(), and the dates. */
export interface FunctionScope {
  userCode: string;
  /** The user's primary department; without one, `in (PRIMARY_ORGANIZATION())` is ignored. */
  primaryOrganization?: string;
  /** IANA time zone of the user: TODAY() and the other date functions count days in it. */
  timeZone: string;
  now: Date;
}

/**
 * What a function stands for: one value (LOGINUSER(), NOW()), a span of days in the user's time
 * zone (TODAY() is one day, THIS_MONTH() a month), or nothing (PRIMARY_ORGANIZATION() for a user
 * who has none: kintone then ignores the condition).
 */
export type FunctionValue =
  | { kind: "value"; value: string }
  | { kind: "days"; from: string; to: string }
  | { kind: "ignored" };

const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];
const UNITS = ["DAYS", "WEEKS", "MONTHS", "YEARS"];

/**
 * Every function kintone's query doc lists (cybozu.dev "クエリの書き方", 関数). Argument errors
 * answer the codes an independent emulator observed on a real domain: GAIA_IQ25 for a
 * FROM_TODAY() unit, GAIA_IQ23 for a day of the month, GAIA_IL08 for a wrong argument count.
 */
export function evaluateFunction(
  name: string,
  args: string[],
  scope: FunctionScope,
): FunctionValue {
  const today = localDay(scope.now, scope.timeZone);
  const day = (date: Day) => ({ kind: "days", from: format(date), to: format(date) }) as const;
  const noArguments = () => {
    if (args.length > 0) throw kintoneError.queryFunctionArguments(name);
  };
  switch (name) {
    case "LOGINUSER":
      noArguments();
      return { kind: "value", value: scope.userCode };
    case "PRIMARY_ORGANIZATION":
      noArguments();
      return scope.primaryOrganization === undefined
        ? { kind: "ignored" }
        : { kind: "value", value: scope.primaryOrganization };
    case "NOW":
      noArguments();
      return { kind: "value", value: timestamp(scope.now) };
    case "TODAY":
      noArguments();
      return day(today);
    case "YESTERDAY":
      noArguments();
      return day(addDays(today, -1));
    case "TOMORROW":
      noArguments();
      return day(addDays(today, 1));
    case "FROM_TODAY":
      return day(fromToday(args, today));
    case "THIS_WEEK":
    case "LAST_WEEK":
    case "NEXT_WEEK":
      return week(addDays(today, 7 * shift(name)), args, name);
    case "THIS_MONTH":
    case "LAST_MONTH":
    case "NEXT_MONTH":
      return month(addMonths({ ...today, day: 1 }, shift(name)), args, name);
    case "THIS_YEAR":
    case "LAST_YEAR":
    case "NEXT_YEAR": {
      noArguments();
      const year = today.year + shift(name);
      return {
        kind: "days",
        from: format({ year, month: 1, day: 1 }),
        to: format({ year, month: 12, day: 31 }),
      };
    }
    default:
      throw invalidParameter("query", `The function ${name}() is not one kintone knows.`);
  }
}

const shift = (name: string) => (name.startsWith("LAST_") ? -1 : name.startsWith("NEXT_") ? 1 : 0);

/** FROM_TODAY(n, DAYS|WEEKS|MONTHS|YEARS): calendar arithmetic, not a count of 30 or 365 days. */
function fromToday(args: string[], today: Day): Day {
  if (args.length !== 2 || !/^-?\d+$/.test(args[0]!)) {
    throw kintoneError.queryFunctionArguments("FROM_TODAY");
  }
  const amount = Number(args[0]);
  const unit = args[1]!.toUpperCase();
  if (!UNITS.includes(unit)) throw kintoneError.queryFunctionUnit();
  if (unit === "DAYS") return addDays(today, amount);
  if (unit === "WEEKS") return addDays(today, amount * 7);
  return addMonths(today, unit === "MONTHS" ? amount : amount * 12);
}

/** A week runs Sunday to Saturday; THIS_WEEK(MONDAY) is that one day of it. */
function week(inWeek: Day, args: string[], name: string): FunctionValue {
  if (args.length > 1) throw kintoneError.queryFunctionArguments(name);
  const sunday = addDays(inWeek, -weekday(inWeek));
  if (args.length === 0) {
    return { kind: "days", from: format(sunday), to: format(addDays(sunday, 6)) };
  }
  const index = WEEKDAYS.indexOf(args[0]!.toUpperCase());
  if (index === -1) throw kintoneError.queryFunctionArguments(name);
  const date = format(addDays(sunday, index));
  return { kind: "days", from: date, to: date };
}

/** THIS_MONTH() is the whole month; THIS_MONTH(15) its 15th; THIS_MONTH(LAST) its last day. */
function month(first: Day, args: string[], name: string): FunctionValue {
  if (args.length > 1) throw kintoneError.queryFunctionArguments(name);
  const last = { ...first, day: daysInMonth(first.year, first.month) };
  if (args.length === 0) return { kind: "days", from: format(first), to: format(last) };
  const arg = args[0]!;
  let date: Day;
  if (arg.toUpperCase() === "LAST") date = last;
  else if (/^\d+$/.test(arg) && Number(arg) >= 1 && Number(arg) <= 31) {
    // A day the month lacks (31 in April) becomes the next month's 1st, as the independent
    // emulator reads kintone; not established on a real domain.
    date = Number(arg) <= last.day ? { ...first, day: Number(arg) } : addDays(last, 1);
  } else throw kintoneError.queryFunctionDay(arg);
  return { kind: "days", from: format(date), to: format(date) };
}

interface Day {
  year: number;
  month: number;
  day: number;
}

/** The calendar day an instant falls on in a time zone. */
export function localDay(instant: Date, timeZone: string): Day {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part("year"), month: part("month"), day: part("day") };
}

/** `YYYY-MM-DD` of the day an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return format(localDay(instant, timeZone));
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const utc = (date: Day) => new Date(Date.UTC(date.year, date.month - 1, date.day));
const fromUtc = (date: Date): Day => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
});
const addDays = (date: Day, days: number) =>
  fromUtc(new Date(utc(date).getTime() + days * 86_400_000));
const weekday = (date: Day) => utc(date).getUTCDay();
const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whole months later; a day the target month lacks becomes its last day (Jan 31 + 1 → Feb 28). */
function addMonths(date: Day, months: number): Day {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");
const format = (date: Day) => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
