import { describe, expect, it } from "vitest";
import { KintoneError } from "../../src/stub/http/kintone-error.js";
import { multipartBoundary, parseMultipart } from "../../src/stub/http/multipart.js";
import { parseQueryString } from "../../src/stub/http/params.js";
import { parseQuery } from "../../src/stub/query/parse.js";
import { evaluateCalc } from "../../src/stub/records/calc.js";
import { parseApiPath } from "../../src/stub/router.js";
import { apiRoot } from "../../src/kintone/paths.js";

describe("query strings as kintone clients write them", () => {
  it("reads indexed arrays, nested objects, repeated keys and `[]`", () => {
    expect(parseQueryString("?app=1&fields%5B0%5D=a&fields%5B1%5D=b")).toEqual({
      app: "1",
      fields: ["a", "b"],
    });
    expect(parseQueryString("ids[1]=20&ids[0]=10")).toEqual({ ids: ["10", "20"] });
    expect(parseQueryString("a[b][c]=1&a[b][d]=2")).toEqual({ a: { b: { c: "1", d: "2" } } });
    expect(parseQueryString("ids=1&ids=2")).toEqual({ ids: ["1", "2"] });
    expect(parseQueryString("codes[]=x&codes[]=y")).toEqual({ codes: ["x", "y"] });
    expect(parseQueryString("query=" + encodeURIComponent('a = "1 & 2"'))).toEqual({
      query: 'a = "1 & 2"',
    });
  });

  it("keeps the 100 ids kintone takes in one request as an array, in order", () => {
    const ids = Array.from({ length: 100 }, (_, index) => String(index + 1));
    const search = ids.map((id, index) => `ids[${index}]=${id}`).join("&");
    expect(parseQueryString(search)).toEqual({ ids });
  });
});

describe("API paths", () => {
  it("reads back both roots apiRoot writes, and nothing else", () => {
    expect(parseApiPath(`${apiRoot()}/records.json`)).toEqual({ path: "records.json" });
    expect(parseApiPath(`${apiRoot(3)}/preview/app/form/fields.json`)).toEqual({
      path: "preview/app/form/fields.json",
      guestSpaceId: 3,
    });
    for (const outside of ["/k/v1/records", "/k/guest/x/v1/app.json", "/v1/app.json", "/k/v1/"]) {
      expect(parseApiPath(outside), outside).toBeUndefined();
    }
  });
});

describe("multipart/form-data", () => {
  it("splits parts and reads UTF-8 and RFC 5987 file names", () => {
    const boundary = multipartBoundary('multipart/form-data; boundary="xyz"')!;
    expect(boundary).toBe("xyz");
    const body = Buffer.from(
      [
        "--xyz",
        'Content-Disposition: form-data; name="file"; filename="名前.txt"',
        "Content-Type: text/plain",
        "",
        "one\r\ntwo",
        "--xyz",
        "Content-Disposition: form-data; name=\"other\"; filename*=UTF-8''%E2%82%AC.bin",
        "",
        "x",
        "--xyz--",
        "",
      ].join("\r\n"),
    );
    expect(parseMultipart(body, boundary)).toEqual([
      {
        name: "file",
        filename: "名前.txt",
        contentType: "text/plain",
        data: Buffer.from("one\r\ntwo"),
      },
      { name: "other", filename: "€.bin", data: Buffer.from("x") },
    ]);
    expect(multipartBoundary("application/json")).toBeUndefined();
  });
});

describe("kintone query syntax", () => {
  it("parses conditions, order by, limit and offset in either order", () => {
    expect(
      parseQuery(
        '(a = "x" or b in (1, 2)) and c is not empty order by a desc, $id asc offset 5 limit 10',
      ),
    ).toEqual({
      condition: {
        kind: "and",
        left: {
          kind: "or",
          left: {
            kind: "compare",
            field: "a",
            operator: "=",
            values: [{ kind: "string", value: "x" }],
          },
          right: {
            kind: "compare",
            field: "b",
            operator: "in",
            values: [
              { kind: "number", value: "1" },
              { kind: "number", value: "2" },
            ],
          },
        },
        right: { kind: "empty", field: "c", negated: true },
      },
      orderBy: [
        { field: "a", descending: true },
        { field: "$id", descending: false },
      ],
      limit: 10,
      offset: 5,
    });
    expect(parseQuery('t like "say \\"hi\\"" and u = LOGINUSER()').condition).toMatchObject({
      left: { values: [{ value: 'say "hi"' }] },
      right: { values: [{ kind: "function", name: "LOGINUSER", args: [] }] },
    });
  });

  it("answers CB_VA01 on the query parameter for malformed queries", () => {
    for (const bad of [
      'a = "open',
      "a = ",
      "a in 1",
      "order a",
      "a = 1 limit x",
      "(a = 1",
      "a ! 1",
    ]) {
      let caught: unknown;
      try {
        parseQuery(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(KintoneError);
      expect((caught as KintoneError).code).toBe("CB_VA01");
      expect(Object.keys((caught as KintoneError).errors ?? {})).toEqual(["query"]);
    }
  });
});

describe("CALC arithmetic", () => {
  const values: Record<string, string> = { a: "3", b: "4", empty: "" };
  const calc = (expression: string) => evaluateCalc(expression, (code) => values[code]);

  it("follows precedence, treats an empty field as 0 and writes plain numbers", () => {
    expect(calc("a + b * 2")).toBe("11");
    expect(calc("(a + b) * 2")).toBe("14");
    expect(calc("2 ^ 3 ^ 2")).toBe("512");
    expect(calc("-a + empty")).toBe("-3");
    expect(calc("b / a")).toBe("1.3333333333");
    expect(calc("1200 * 0.1")).toBe("120");
  });

  it("leaves the field empty for what it cannot compute", () => {
    expect(calc("SUM(a)")).toBe("");
    expect(calc("missing + 1")).toBe("");
    expect(calc("a / 0")).toBe("");
  });
});
