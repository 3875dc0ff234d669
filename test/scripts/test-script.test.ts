import { describe, expect, it } from "vitest";
import { kintoneErrorHints } from "../../src/kintone/error-hints.js";
import { runScript, type FakeResponse } from "../helpers/fake-sandbox.js";

const hints = JSON.stringify(kintoneErrorHints);

describe("collection test script", () => {
  it("passes on 2xx", () => {
    const run = runScript(
      "test",
      { kintoneErrorHints: hints },
      { response: { code: 200, body: "{}" }, method: "POST", path: "/k/v1/record.json" },
    );
    expect(run.tests).toEqual([{ name: "kintone answered 2xx" }]);
  });

  it("names the kintone code, message and hint", () => {
    const body = JSON.stringify({
      code: "CB_WA01",
      id: "x1",
      message: "Password authentication failed.",
    });
    const run = runScript("test", { kintoneErrorHints: hints }, { response: { code: 401, body } });
    expect(run.tests[0]?.error).toBe(
      `HTTP 401 CB_WA01: Password authentication failed. (hint: ${kintoneErrorHints.CB_WA01})`,
    );
  });

  it.each(["GAIA_IA02", "CB_AU01", "GAIA_IL23", "CB_NO02", "GAIA_AP01"])("hints %s", (code) => {
    const body = JSON.stringify({ code, id: "x", message: "m" });
    const run = runScript("test", { kintoneErrorHints: hints }, { response: { code: 400, body } });
    expect(run.tests[0]?.error).toContain(`(hint: ${kintoneErrorHints[code]})`);
  });

  it("still fails, without a code, on a body that is not JSON", () => {
    const run = runScript("test", {}, { response: { code: 502, body: "<html>" } });
    expect(run.tests[0]?.error).toBe("HTTP 502");
  });

  it("stays quiet when there was no response", () => {
    expect(runScript("test", {}).tests).toEqual([]);
  });
});

describe("collection test script on reads", () => {
  it("parses kintone's answer once, however many checks read it", () => {
    const body = JSON.stringify({ record: { $id: { type: "__ID__", value: "1" } } });
    const run = runScript("test", {}, { response: { code: 200, body }, path: "/k/v1/record.json" });
    // userCode, fileKey and "response has record" all read the one parsed answer.
    expect(run.tests.map((t) => [t.name, t.error])).toEqual([
      ["kintone answered 2xx", undefined],
      ["response has record", undefined],
    ]);
    expect(run.responseParses).toBe(1);
  });
  it("checks the property kintone always returns", () => {
    const ok = runScript(
      "test",
      {},
      { response: { code: 200, body: '{"records":[]}' }, path: "/k/v1/records.json" },
    );
    expect(ok.tests.map((t) => t.name)).toEqual(["kintone answered 2xx", "response has records"]);
    expect(ok.tests.every((t) => t.error === undefined)).toBe(true);
    const wrong = runScript(
      "test",
      {},
      { response: { code: 200, body: '{"apps":[]}' }, path: "/k/guest/3/v1/app/form/fields.json" },
    );
    expect(wrong.tests[1]?.error).toContain("properties");
  });
});

describe("collection test script, chaining", () => {
  it.each([
    ["/k/v1/records/cursor.json", '{"id":"c-1","totalCount":"3"}', [["cursorId", "c-1"]]],
    ["/k/v1/record.json", '{"id":"40","revision":"1"}', [["newRecordId", "40"]]],
    [
      "/k/guest/2/v1/records.json",
      '{"ids":["41","42"],"revisions":["1","1"]}',
      [
        ["batchRecordId1", "41"],
        ["batchRecordId2", "42"],
      ],
    ],
    ["/k/v1/record/comment.json", '{"id":"7"}', [["commentId", "7"]]],
    ["/k/v1/file.json", '{"fileKey":"fk-9"}', [["uploadedFileKey", "fk-9"]]],
  ])("keeps what POST %s created", (path, body, expected) => {
    const run = runScript("test", {}, { response: { code: 200, body }, method: "POST", path });
    expect([...run.environment.entries()]).toEqual(expected);
  });

  it("keeps nothing from a failed request or from other calls", () => {
    const failed = runScript(
      "test",
      {},
      { response: { code: 400, body: "{}" }, method: "POST", path: "/k/v1/records.json" },
    );
    expect(failed.environment.size).toBe(0);
    const other = runScript(
      "test",
      {},
      {
        response: { code: 200, body: '{"revision":"2"}' },
        method: "PUT",
        path: "/k/v1/record.json",
      },
    );
    expect(other.environment.size).toBe(0);
  });
});

describe("collection test script, values found in what a run reads", () => {
  const record = JSON.stringify({
    record: {
      $id: { type: "__ID__", value: "5" },
      Creator: { type: "CREATOR", value: { code: "sato", name: "Sato" } },
      Empty: { type: "FILE", value: [] },
      Attachment: { type: "FILE", value: [{ fileKey: "fk-1", name: "a.txt" }] },
    },
  });

  it("takes recordId from the first record, userCode and fileKey from a record", () => {
    const records = runScript(
      "test",
      {},
      {
        response: { code: 200, body: `{"records":[${JSON.stringify(JSON.parse(record).record)}]}` },
        path: "/k/v1/records.json",
      },
    );
    expect([...records.environment.entries()]).toEqual([["recordId", "5"]]);
    const one = runScript(
      "test",
      {},
      { response: { code: 200, body: record }, path: "/k/v1/record.json" },
    );
    expect([...one.environment.entries()]).toEqual([
      ["userCode", "sato"],
      ["fileKey", "fk-1"],
    ]);
  });

  it("never replaces a value the user set", () => {
    const run = runScript(
      "test",
      { userCode: "mine", fileKey: "my-key" },
      { response: { code: 200, body: record }, path: "/k/v1/record.json" },
    );
    expect(run.environment.size).toBe(0);
  });

  it("keeps permissions as read, for the Update request to write back", () => {
    const rights = [{ entity: { type: "GROUP", code: "everyone" }, recordViewable: true }];
    const run = runScript(
      "test",
      {},
      {
        response: { code: 200, body: JSON.stringify({ rights, revision: "3" }) },
        path: "/k/v1/app/acl.json",
      },
    );
    expect(run.environment.get("appAclRights")).toBe(JSON.stringify(rights));
  });
});

describe("collection test script after Upload file", () => {
  const upload = { code: 200, body: JSON.stringify({ fileKey: "upload-key" }) };
  const recordWith = (files: unknown[]) =>
    JSON.stringify({
      record: {
        Text: { type: "SINGLE_LINE_TEXT", value: "x" },
        '添付 "file"': { type: "FILE", value: files },
      },
    });
  const variables = {
    // appId and newRecordId may name another app's record by now: only what Add record kept counts.
    appId: "8",
    newRecordId: "99",
    kintoneAddedRecord: JSON.stringify({ app: "7", id: "42" }),
    kintoneSignedHeaders: JSON.stringify({ "X-Cybozu-API-Token": "t" }),
  };

  it("Add record keeps the app and id of the record it added, from its own body", () => {
    const run = runScript(
      "test",
      { appId: "7" },
      {
        method: "POST",
        path: "/k/v1/record.json",
        body: '{"app": {{appId}}, "record": {}}',
        response: { code: 200, body: '{"id":"42","revision":"1"}' },
      },
    );
    expect(run.environment.get("newRecordId")).toBe("42");
    expect(JSON.parse(run.environment.get("kintoneAddedRecord") ?? "")).toEqual({
      app: "7",
      id: "42",
    });
  });

  it("attaches the upload to the record the run added and keeps the key kintone shows as fileKey", () => {
    const run = runScript("test", variables, {
      method: "POST",
      path: "/k/guest/3/v1/file.json",
      response: upload,
      answers: [
        { code: 200, body: recordWith([]) },
        { code: 200, body: '{"revision":"2"}' },
        { code: 200, body: recordWith([{ fileKey: "attached-key", name: "a.txt" }]) },
      ],
    });
    expect(run.environment.get("uploadedFileKey")).toBe("upload-key");
    expect(run.environment.get("fileKey")).toBe("attached-key");
    const recordUrl = "https://example.cybozu.com/k/guest/3/v1/record.json";
    expect(run.sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${recordUrl}?app=7&id=42`,
      `PUT ${recordUrl}`,
      `GET ${recordUrl}?app=7&id=42`,
    ]);
    // The field code travels as JSON data, whatever it holds.
    expect(JSON.parse(run.sent[1]!.body!.raw)).toEqual({
      app: "7",
      id: "42",
      record: { '添付 "file"': { value: [{ fileKey: "upload-key" }] } },
    });
    expect(run.sent[1]!.header).toContainEqual({ key: "X-Cybozu-API-Token", value: "t" });
    expect(run.tests).toContainEqual({ name: "upload attached to the record the run added" });
  });

  it("fails a test when kintone refuses the attachment, and sets no fileKey", () => {
    const run = runScript("test", variables, {
      method: "POST",
      path: "/k/v1/file.json",
      response: upload,
      answers: [
        { code: 200, body: recordWith([]) },
        { code: 400, body: '{"code":"CB_VA01"}' },
      ],
    });
    expect(run.tests.at(-1)?.error).toContain("could not attach the upload: HTTP 400");
    expect(run.environment.has("fileKey")).toBe(false);
  });

  it("leaves a fileKey already known, a run without its own record and a form without attachments alone", () => {
    const cases: [Record<string, string>, FakeResponse[], number][] = [
      [{ ...variables, fileKey: "user-key" }, [], 0],
      [{ ...variables, kintoneAddedRecord: "" }, [], 0],
      // A newRecordId the user gave is not a record of this run: it is never written to.
      [{ appId: "7", newRecordId: "42", kintoneSignedHeaders: "{}" }, [], 0],
      [
        variables,
        [{ code: 200, body: '{"record":{"Text":{"type":"SINGLE_LINE_TEXT","value":""}}}' }],
        1,
      ],
    ];
    for (const [given, answers, sent] of cases) {
      const run = runScript("test", given, {
        method: "POST",
        path: "/k/v1/file.json",
        response: upload,
        answers,
      });
      expect(run.sent).toHaveLength(sent);
      expect(run.environment.has("fileKey")).toBe(false);
    }
  });
});
