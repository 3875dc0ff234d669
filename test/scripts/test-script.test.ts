import { describe, expect, it } from "vitest";
import { kintoneErrorHints } from "../../src/kintone/error-hints.js";
import { runScript } from "../helpers/fake-sandbox.js";

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
