import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { scriptExec, scriptLinesWithData } from "../../src/collection/scripts.js";

/**
 * The app folders' scripts as the collection holds them (their data on the first line), in a
 * minimal `pm`: collection variables, request id, tests, skip.
 */
function runAppScript(
  name: "app-prerequest" | "app-test",
  options: {
    requestId: string;
    data: { steps: Record<string, object>; contract?: object };
    collection?: Record<string, string>;
    environment?: Record<string, string>;
    response?: { code: number; body: unknown };
  },
) {
  const collection = new Map(Object.entries(options.collection ?? {}));
  const environment = new Map(Object.entries(options.environment ?? {}));
  const tests: { name: string; error?: string }[] = [];
  const logs: string[] = [];
  let skipped = false;
  const pm = {
    info: { requestId: options.requestId },
    collectionVariables: {
      get: (key: string) => collection.get(key),
      set: (key: string, value: string) => collection.set(key, value),
    },
    environment: { set: (key: string, value: string) => environment.set(key, value) },
    variables: { get: (key: string) => environment.get(key) ?? collection.get(key) },
    response: options.response && {
      code: options.response.code,
      json: () => options.response!.body,
    },
    test: (testName: string, fn: () => void) => {
      try {
        fn();
        tests.push({ name: testName });
      } catch (error) {
        tests.push({ name: testName, error: (error as Error).message });
      }
    },
    execution: { skipRequest: () => (skipped = true) },
  };
  vm.runInNewContext(scriptLinesWithData(name, options.data).join("\n"), {
    pm,
    console: { log: (line: string) => logs.push(line) },
  });
  return { collection, environment, tests, logs, skipped };
}

const steps = (step: object) => ({ steps: { r1: step } });

describe("the scripts' data line", () => {
  it("keeps any text data: one line, nothing it holds runs or ends the literal", () => {
    const hostile = [
      "</script><script>",
      "\u2028\u2029",
      '"; pm.test("x"); "',
      "*/ pm.test('x'); /*",
      "`${pm.test('x')}`",
      "\\\n\r\t\0\ud800",
      "案件 😀 {{userCode}}",
    ];
    const data = { steps: { r1: { requires: hostile } }, contract: { appId: "1", fields: [] } };
    const lines = scriptLinesWithData("app-prerequest", data);
    expect(lines[0]).toMatch(/^const appData = \{.*\};$/);
    // Then the template as one string: Newman's sandbox bridge pays for every string, every run.
    expect(lines.slice(1)).toEqual(scriptExec("app-prerequest"));
    expect(lines[0]).not.toMatch(/[<\u2028\u2029\n\r]/);
    const read = vm.runInNewContext(`${lines[0]}\nappData`) as unknown;
    expect(read).toEqual(data);
    // The whole script runs with it and skips, naming the text only as data.
    const result = runAppScript("app-prerequest", { requestId: "r1", data });
    expect(result.skipped).toBe(true);
    expect(result.tests).toEqual([]);
  });
});

describe("app-prerequest.js", () => {
  it("starts a sequence: a fresh run id, no record, no created ids", () => {
    const { collection } = runAppScript("app-prerequest", {
      requestId: "r1",
      data: steps({ newRun: true }),
      collection: { kintoneRecordId: "7", kintoneCreatedIds: '["7"]' },
    });
    expect(collection.get("kintoneRunId")).toMatch(/^\d{10,12}$/);
    expect(collection.get("kintoneRecordId")).toBe("");
    expect(collection.get("kintoneCreatedIds")).toBe("[]");
  });

  it("skips a request whose inputs an earlier request did not set", () => {
    const result = runAppScript("app-prerequest", {
      requestId: "r1",
      data: steps({ requires: ["kintoneCreatedIds"] }),
      collection: { kintoneCreatedIds: "[]" },
    });
    expect(result.skipped).toBe(true);
    expect(result.logs[0]).toContain("kintoneCreatedIds");
  });

  it("leaves requests it has no step for alone", () => {
    const result = runAppScript("app-prerequest", { requestId: "other", data: steps({}) });
    expect(result.skipped).toBe(false);
    expect(result.tests).toEqual([]);
  });
});

describe("app-test.js", () => {
  it("keeps created ids from add, add-many and upsert answers", () => {
    let collection: Record<string, string> = { kintoneCreatedIds: "[]" };
    for (const body of [
      { id: "5", revision: "1" },
      { ids: ["6", "7"], revisions: ["1", "1"] },
      {
        records: [
          { id: "3", operation: "UPDATE" },
          { id: "8", operation: "INSERT" },
        ],
      },
    ]) {
      const result = runAppScript("app-test", {
        requestId: "r1",
        data: steps({ collect: true }),
        collection,
        response: { code: 200, body },
      });
      collection = Object.fromEntries(result.collection);
    }
    expect(collection.kintoneCreatedIds).toBe('["5","6","7","8"]');
    expect(collection.kintoneRecordId).toBe("5");
  });

  it("keeps a lookup key from the first related record that holds one, and fails when none does", () => {
    const step = {
      lookupKey: { variable: "kintoneLookupKey.4.0", field: "E", code: "顧客", app: "1" },
    };
    const found = runAppScript("app-test", {
      requestId: "r1",
      data: steps(step),
      response: {
        code: 200,
        body: { records: [{ E: { value: "" } }, { E: { value: "a@example.com" } }, {}] },
      },
    });
    expect(found.collection.get("kintoneLookupKey.4.0")).toBe("a@example.com");
    expect(found.tests).toEqual([{ name: 'lookup "顧客": a key from app 1' }]);

    const none = runAppScript("app-test", {
      requestId: "r1",
      data: steps(step),
      collection: { "kintoneLookupKey.4.0": "stale" },
      response: { code: 200, body: { records: [{ E: { value: null } }] } },
    });
    expect(none.collection.get("kintoneLookupKey.4.0")).toBe("");
    expect(none.tests[0]?.error).toContain('no record of app 1 has a value in "E"');
  });

  it("keeps nothing from an error answer (the collection's test reports it)", () => {
    const result = runAppScript("app-test", {
      requestId: "r1",
      data: steps({ collect: true }),
      collection: { kintoneCreatedIds: "[]" },
      response: { code: 400, body: { code: "CB_VA01" } },
    });
    expect(result.collection.get("kintoneCreatedIds")).toBe("[]");
    expect(result.tests).toEqual([]);
  });

  const contract = {
    appId: "4",
    fields: [
      { code: 'a"b', type: "SINGLE_LINE_TEXT", required: true, updateKey: true },
      { code: "choice", type: "DROP_DOWN", required: false, options: ["x", "y"] },
      { code: "col", type: "NUMBER", table: "t", required: false },
      { code: "org", type: "ORGANIZATION_SELECT", required: false, emptyInBody: true },
    ],
  };
  const form = () => ({
    properties: {
      'a"b': { type: "SINGLE_LINE_TEXT", code: 'a"b', unique: true, required: true },
      choice: { type: "DROP_DOWN", code: "choice", options: { x: {}, y: {}, z: {} } },
      t: { type: "SUBTABLE", code: "t", fields: { col: { type: "NUMBER", code: "col" } } },
      org: { type: "ORGANIZATION_SELECT", code: "org", required: false },
    } as Record<string, Record<string, unknown>>,
  });
  const check = (body: unknown) =>
    runAppScript("app-test", {
      requestId: "r1",
      data: { ...steps({ contract: true }), contract },
      response: { code: 200, body },
    }).tests;

  it("passes an unchanged form (an added option or optional field is fine)", () => {
    const body = form();
    body.properties.extra = { type: "DATE", code: "extra", required: false };
    expect(check(body)).toEqual([{ name: "form contract: the 4 fields match" }]);
  });

  it("fails one test per changed field, naming it and what changed", () => {
    const body = form();
    delete body.properties['a"b'];
    body.properties.renamed = { type: "SINGLE_LINE_TEXT", code: "renamed", required: true };
    body.properties.choice = { type: "DROP_DOWN", code: "choice", options: { y: {} } };
    (body.properties.t!.fields as Record<string, unknown>).col = { type: "SINGLE_LINE_TEXT" };
    body.properties.org!.required = true;
    expect(check(body).map((test) => test.error)).toEqual([
      'field "a\\"b" is gone (renamed or removed); it was SINGLE_LINE_TEXT',
      'field "choice" lost option(s) "x"',
      'field "col" (in table "t") changed type from NUMBER to SINGLE_LINE_TEXT',
      'field "org" is now required, and the bodies leave it empty',
      'field "renamed" is new and required, and the bodies do not fill it',
    ]);
  });

  it("fails when the update key is no longer unique", () => {
    const body = form();
    body.properties['a"b']!.unique = false;
    expect(check(body).map((test) => test.error)).toEqual([
      'field "a\\"b" is no longer unique, and the update requests use it as updateKey',
    ]);
  });
});
