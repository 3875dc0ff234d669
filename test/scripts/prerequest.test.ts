import { describe, expect, it } from "vitest";
import { KintoneHeader, MAX_API_TOKENS } from "../../src/kintone/headers.js";
import { runScript } from "../helpers/fake-sandbox.js";

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("pre-request script", () => {
  it("signs with X-Cybozu-Authorization as base64 of UTF-8 login:password", () => {
    const run = runScript("prerequest", { username: "田中", password: "pässwörd✓" });
    expect(run.headers.get(KintoneHeader.password)).toBe(base64("田中:pässwörd✓"));
    expect(run.headers.size).toBe(1);
    expect(run.skipped).toBe(false);
  });

  it("joins API tokens with commas, trimming blanks", () => {
    const run = runScript("prerequest", { apiToken: " t1 , t2,," });
    expect(run.headers.get(KintoneHeader.apiToken)).toBe("t1,t2");
  });

  // The script spells kintone's facts itself (it runs inside Postman); these tests hold it to
  // their one home, src/kintone/headers.ts.
  it("accepts as many API tokens as kintone does, and refuses one more", () => {
    const tokens = (count: number) => Array.from({ length: count }, (_, i) => `t${i}`).join(",");
    const most = runScript("prerequest", { apiToken: tokens(MAX_API_TOKENS) });
    expect(most.headers.get(KintoneHeader.apiToken)).toBe(tokens(MAX_API_TOKENS));
    const run = runScript("prerequest", { apiToken: tokens(MAX_API_TOKENS + 1) });
    expect(run.skipped).toBe(true);
    expect(run.headers.size).toBe(0);
    expect(run.tests[0]?.error).toBe(
      `apiToken holds ${MAX_API_TOKENS + 1} tokens; kintone accepts at most ${MAX_API_TOKENS}.`,
    );
  });

  it("skips, with one line, a request kintone takes no API token for when it would sign with one", () => {
    const refused = JSON.stringify(["space-id", "plugins-id"]);
    const token = runScript(
      "prerequest",
      { apiToken: "t", kintoneNoApiToken: refused },
      { requestId: "space-id" },
    );
    expect(token.skipped).toBe(true);
    expect(token.headers.size).toBe(0);
    expect(token.tests).toEqual([]);
    expect(token.logs).toEqual([
      "Skipped: kintone takes no API token for this request; sign in with username and password.",
    ]);
    // Another request, or a password sign-in, goes ahead.
    const other = runScript(
      "prerequest",
      { apiToken: "t", kintoneNoApiToken: refused },
      { requestId: "records-id" },
    );
    expect(other.skipped).toBe(false);
    const password = runScript(
      "prerequest",
      { username: "u", password: "p", apiToken: "t", kintoneNoApiToken: refused },
      { requestId: "space-id" },
    );
    expect(password.skipped).toBe(false);
  });

  it("sends OAuth as a bearer token", () => {
    const run = runScript("prerequest", { oauthToken: "abc.def" });
    expect(run.headers.get(KintoneHeader.authorization)).toBe("Bearer abc.def");
  });

  it("prefers password over API token over OAuth in auto mode", () => {
    const all = { username: "u", password: "p", apiToken: "t", oauthToken: "o" };
    expect([...runScript("prerequest", all).headers.keys()]).toEqual([KintoneHeader.password]);
    const noPassword = { ...all, password: "" };
    expect([...runScript("prerequest", noPassword).headers.keys()]).toEqual([
      KintoneHeader.apiToken,
    ]);
    const onlyOauth = { ...noPassword, apiToken: "" };
    expect([...runScript("prerequest", onlyOauth).headers.keys()]).toEqual([
      KintoneHeader.authorization,
    ]);
  });

  it("follows an explicit authMethod", () => {
    const run = runScript("prerequest", {
      authMethod: "apiToken",
      username: "u",
      password: "p",
      apiToken: "t",
    });
    expect([...run.headers.entries()]).toEqual([[KintoneHeader.apiToken, "t"]]);
  });

  it("adds Basic auth in front when basicAuthUsername is set", () => {
    const run = runScript("prerequest", {
      username: "u",
      password: "p",
      basicAuthUsername: "gate",
      basicAuthPassword: "wäy",
    });
    expect(run.headers.get(KintoneHeader.authorization)).toBe(`Basic ${base64("gate:wäy")}`);
    expect(run.headers.get(KintoneHeader.password)).toBe(base64("u:p"));
  });

  it("fails with one sentence naming the variables when no credential is set", () => {
    const run = runScript("prerequest", { username: "u" });
    expect(run.skipped).toBe(true);
    expect(run.tests).toEqual([
      {
        name: "kintone request settings",
        error:
          "No kintone credentials: set username and password, apiToken, or oauthToken in the environment.",
      },
    ]);
  });

  it.each([
    [{ authMethod: "password", apiToken: "t" }, "authMethod is password"],
    [{ authMethod: "apiToken", username: "u", password: "p" }, "authMethod is apiToken"],
    [{ authMethod: "oauth", apiToken: "t" }, "authMethod is oauth"],
    [{ authMethod: "magic", apiToken: "t" }, 'not "magic"'],
    [{ oauthToken: "o", basicAuthUsername: "b" }, "both need the Authorization header"],
  ])("refuses impossible settings %j", (variables, message) => {
    const run = runScript("prerequest", variables);
    expect(run.skipped).toBe(true);
    expect(run.tests[0]?.error).toContain(message);
  });

  it("points requests at the guest space when guestSpaceId is set", () => {
    expect(runScript("prerequest", { apiToken: "t" }).set.get("apiRoot")).toBe("v1");
    expect(runScript("prerequest", { apiToken: "t", guestSpaceId: "5" }).set.get("apiRoot")).toBe(
      "guest/5/v1",
    );
    const bad = runScript("prerequest", { apiToken: "t", guestSpaceId: "5/../x" });
    expect(bad.skipped).toBe(true);
    expect(bad.tests[0]?.error).toContain("guestSpaceId must be a positive integer");
  });

  it("sets apiRoot only when it would change: a variable set travels back out of the sandbox", () => {
    expect(runScript("prerequest", { apiToken: "t", apiRoot: "v1" }).set.has("apiRoot")).toBe(
      false,
    );
    const guest = runScript("prerequest", { apiToken: "t", apiRoot: "v1", guestSpaceId: "5" });
    expect(guest.set.get("apiRoot")).toBe("guest/5/v1");
  });

  it("reads only the credentials its sign-in method needs", () => {
    const token = runScript("prerequest", { apiToken: "t", oauthToken: "o", password: "p" });
    expect(token.headers.get(KintoneHeader.apiToken)).toBe("t");
    // No login name: the password is not read, and an API token makes OAuth's unread too.
    expect(token.read).not.toContain("password");
    expect(token.read).not.toContain("oauthToken");
    const password = runScript("prerequest", { username: "u", password: "p", apiToken: "t" });
    expect(password.read).not.toContain("apiToken");
    const oauth = runScript("prerequest", { authMethod: "oauth", oauthToken: "o", username: "u" });
    expect(oauth.headers.get(KintoneHeader.authorization)).toBe("Bearer o");
    expect(oauth.read).not.toContain("username");
  });

  it("skips a guest-only request, without failing, while guestSpaceId is empty", () => {
    const path = "/k/guest/{{guestSpaceId}}/v1/space/guests.json";
    const skipped = runScript("prerequest", { apiToken: "t" }, { path });
    expect(skipped.skipped).toBe(true);
    expect(skipped.tests).toEqual([]);
    expect(skipped.logs[0]).toContain("runs only in a guest space");
    const sent = runScript("prerequest", { apiToken: "t", guestSpaceId: "4" }, { path });
    expect(sent.skipped).toBe(false);
    expect(sent.headers.get(KintoneHeader.apiToken)).toBe("t");
  });

  it("leaves the collection's own kintone… variables to the app folder's script", () => {
    const run = runScript(
      "prerequest",
      { apiToken: "t", appId: "1", kintoneRunId: "" },
      { method: "POST", path: "/k/v1/record.json", body: '{"code": "{{kintoneRunId}}"}' },
    );
    expect(run.skipped).toBe(false);
    expect(run.logs).toEqual([]);
  });

  it("skips a request that names an empty variable, with one line naming it", () => {
    const run = runScript(
      "prerequest",
      { apiToken: "t", appId: "1", newRecordId: "" },
      {
        method: "PUT",
        path: "/k/v1/record.json",
        body: '{"app": "{{appId}}", "id": "{{newRecordId}}", "assignees": ["{{userCode}}"]}',
      },
    );
    expect(run.skipped).toBe(true);
    expect(run.tests).toEqual([]);
    expect(run.logs).toEqual(["Skipped: no value for newRecordId, userCode."]);
    const sent = runScript(
      "prerequest",
      { apiToken: "t", appId: "1", newRecordId: "40", userCode: "sato" },
      {
        method: "PUT",
        path: "/k/v1/record.json",
        body: '{"app": "{{appId}}", "id": "{{newRecordId}}", "assignees": ["{{userCode}}"]}',
      },
    );
    expect(sent.skipped).toBe(false);
  });
});
