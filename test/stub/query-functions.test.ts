import { describe, expect, it } from "vitest";
import { KintoneError } from "../../src/stub/http/kintone-error.js";
import { evaluateFunction, type FunctionScope } from "../../src/stub/query/functions.js";

/**
 * The query functions at a fixed instant. Sources: the query doc's function list (cybozu.dev
 * "クエリの書き方"), and an independent emulator's observations on a real domain for the time zone
 * and the argument error codes.
 */
const at = (iso: string, timeZone = "Asia/Tokyo"): FunctionScope => ({
  userCode: "sato",
  timeZone,
  now: new Date(iso),
});
const days = (from: string, to = from) => ({ kind: "days", from, to });
const run = (name: string, args: string[], scope: FunctionScope) =>
  evaluateFunction(name, args, scope);

describe("query functions", () => {
  it("FROM_TODAY counts calendar months and years, not 30 or 365 days", () => {
    const scope = at("2024-01-31T03:00:00Z");
    expect(run("FROM_TODAY", ["1", "MONTHS"], scope)).toEqual(days("2024-02-29"));
    expect(run("FROM_TODAY", ["2", "MONTHS"], scope)).toEqual(days("2024-03-31"));
    expect(run("FROM_TODAY", ["-1", "MONTHS"], scope)).toEqual(days("2023-12-31"));
    expect(run("FROM_TODAY", ["1", "YEARS"], at("2024-02-29T03:00:00Z"))).toEqual(
      days("2025-02-28"),
    );
    expect(run("FROM_TODAY", ["-2", "WEEKS"], scope)).toEqual(days("2024-01-17"));
  });

  it("TODAY(), YESTERDAY(), TOMORROW() are days in the user's time zone; NOW() is the instant", () => {
    // 20:00 UTC on 10 March is already 11 March in Tokyo, still 10 March in Honolulu.
    const instant = "2024-03-10T20:00:00Z";
    expect(run("TODAY", [], at(instant))).toEqual(days("2024-03-11"));
    expect(run("TODAY", [], at(instant, "Pacific/Honolulu"))).toEqual(days("2024-03-10"));
    expect(run("YESTERDAY", [], at(instant))).toEqual(days("2024-03-10"));
    expect(run("TOMORROW", [], at(instant, "Pacific/Honolulu"))).toEqual(days("2024-03-11"));
    expect(run("NOW", [], at(instant))).toEqual({ kind: "value", value: "2024-03-10T20:00:00Z" });
  });

  it("weeks run Sunday to Saturday; a weekday names one day of them", () => {
    const wednesday = at("2024-03-13T03:00:00Z");
    expect(run("THIS_WEEK", [], wednesday)).toEqual(days("2024-03-10", "2024-03-16"));
    expect(run("THIS_WEEK", ["MONDAY"], wednesday)).toEqual(days("2024-03-11"));
    expect(run("LAST_WEEK", [], wednesday)).toEqual(days("2024-03-03", "2024-03-09"));
    expect(run("NEXT_WEEK", ["SATURDAY"], wednesday)).toEqual(days("2024-03-23"));
  });

  it("months: the whole month, a day of it, or its LAST day", () => {
    const march = at("2024-03-13T03:00:00Z");
    expect(run("THIS_MONTH", [], march)).toEqual(days("2024-03-01", "2024-03-31"));
    expect(run("LAST_MONTH", ["LAST"], march)).toEqual(days("2024-02-29"));
    expect(run("NEXT_MONTH", ["15"], march)).toEqual(days("2024-04-15"));
    expect(run("LAST_MONTH", [], at("2024-01-05T03:00:00Z"))).toEqual(
      days("2023-12-01", "2023-12-31"),
    );
  });

  it("a day the month lacks becomes the next month's 1st (not established on a real domain)", () => {
    expect(run("THIS_MONTH", ["31"], at("2024-04-10T03:00:00Z"))).toEqual(days("2024-05-01"));
  });

  it("years", () => {
    const scope = at("2024-12-31T16:00:00Z"); // already 2025 in Tokyo
    expect(run("THIS_YEAR", [], scope)).toEqual(days("2025-01-01", "2025-12-31"));
    expect(run("LAST_YEAR", [], scope)).toEqual(days("2024-01-01", "2024-12-31"));
    expect(run("NEXT_YEAR", [], scope)).toEqual(days("2026-01-01", "2026-12-31"));
  });

  it("LOGINUSER() and PRIMARY_ORGANIZATION()", () => {
    const scope = at("2024-03-13T03:00:00Z");
    expect(run("LOGINUSER", [], scope)).toEqual({ kind: "value", value: "sato" });
    expect(run("PRIMARY_ORGANIZATION", [], scope)).toEqual({ kind: "ignored" });
    expect(run("PRIMARY_ORGANIZATION", [], { ...scope, primaryOrganization: "sales" })).toEqual({
      kind: "value",
      value: "sales",
    });
  });

  it("refuses bad arguments with the codes kintone answers", () => {
    const code = (name: string, args: string[]) => {
      try {
        run(name, args, at("2024-03-13T03:00:00Z"));
      } catch (error) {
        return (error as KintoneError).code;
      }
      return "accepted";
    };
    expect(code("FROM_TODAY", ["1", "HOURS"])).toBe("GAIA_IQ25");
    expect(code("FROM_TODAY", ["1"])).toBe("GAIA_IL08");
    expect(code("THIS_MONTH", ["0"])).toBe("GAIA_IQ23");
    expect(code("THIS_WEEK", ["SOMEDAY"])).toBe("GAIA_IL08");
    expect(code("TODAY", ["1"])).toBe("GAIA_IL08");
    expect(code("YESTERYEAR", [])).toBe("CB_VA01");
  });
});
