import {
  KintoneAllRecordsError,
  KintoneRestAPIClient,
  KintoneRestAPIError,
} from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningStub, StubSeed } from "../../src/stub/index.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";
import { startTestStub } from "../helpers/certificates.js";

/**
 * The official kintone client against the stub over Secure Access, using nothing but its own
 * `clientCertAuth` option. The pfx carries the stub's CA, which Node then trusts for this
 * client's connections only: verification stays on, nothing is configured globally.
 * Wherever this client and the stub disagree, the stub is wrong.
 */
const BIG_APP = 10;
const BIG_COUNT = 1200;

const seed: StubSeed = {
  ...defaultSeed,
  apps: [
    ...defaultSeed.apps,
    {
      id: BIG_APP,
      name: "Many records",
      apiTokens: [{ token: "stub-token-app10" }],
      fields: [{ code: "n", type: "NUMBER" }],
      records: Array.from({ length: BIG_COUNT }, (_, i) => ({ n: { value: String(i + 1) } })),
    },
  ],
};

let stub: RunningStub;

beforeAll(async () => {
  stub = await startTestStub({ secureAccess: true, seed, recordRequests: true });
});
afterAll(() => stub?.close());

function client(
  auth:
    | { username: string; password: string }
    | { apiToken: string | string[] }
    | { oAuthToken: string },
  guestSpaceId?: number,
) {
  return new KintoneRestAPIClient({
    baseUrl: stub.url,
    auth,
    clientCertAuth: { pfxFilePath: stub.pfxPath, password: stub.pfxPassphrase },
    ...(guestSpaceId === undefined ? {} : { guestSpaceId }),
  });
}

const admin = () => client({ username: "Administrator", password: "stub-password" });

async function kintoneError(promise: Promise<unknown>): Promise<KintoneRestAPIError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KintoneRestAPIError);
  return error as KintoneRestAPIError;
}

describe("password and token authentication", () => {
  it("reads an app and its records with a non-ASCII password", async () => {
    const sato = client({ username: "sato", password: "パスワード" });
    const app = await sato.app.getApp({ id: 1 });
    expect(app).toMatchObject({ appId: "1", name: "Customers", spaceId: null });
    const { records, totalCount } = await sato.record.getRecords({
      app: 1,
      fields: ["$id", "Text", "Tax"],
      query: "Amount >= 300 order by Amount desc",
      totalCount: true,
    });
    expect(totalCount).toBe("2");
    expect(records.map((r) => r.Text?.value)).toEqual(["Kintone Research", "Cybozu Trading"]);
    expect(records[0]).toEqual({
      $id: { type: "__ID__", value: "1" },
      Text: { type: "SINGLE_LINE_TEXT", value: "Kintone Research" },
      Tax: { type: "CALC", value: "120" },
    });
  });

  it("works with API tokens, one or several", async () => {
    const { record } = await client({ apiToken: "stub-token-app1" }).record.getRecord({
      app: 1,
      id: 2,
    });
    expect(record.Text?.value).toBe("Cybozu Trading");
    const both = client({ apiToken: ["stub-token-app2", "stub-token-app1"] });
    expect((await both.record.getRecords({ app: 2 })).records).toHaveLength(2);
  });

  it("reports a token of another app as GAIA_IA02", async () => {
    const error = await kintoneError(
      client({ apiToken: "stub-token-app2" }).record.getRecords({ app: 1 }),
    );
    expect(error.code).toBe("GAIA_IA02");
    expect(error.status).toBe(400);
  });

  it("reports a wrong password as CB_WA01 and a wrong OAuth token as 401", async () => {
    const wrong = await kintoneError(
      client({ username: "Administrator", password: "nope" }).app.getApp({ id: 1 }),
    );
    expect([wrong.code, wrong.status]).toEqual(["CB_WA01", 401]);
    expect(wrong.id).toMatch(/^[A-Za-z0-9]{20}$/);
    const oauth = await kintoneError(client({ oAuthToken: "expired" }).app.getApp({ id: 1 }));
    expect(oauth.status).toBe(401);
    expect((await client({ oAuthToken: "stub-oauth-token" }).app.getApp({ id: 1 })).name).toBe(
      "Customers",
    );
  });

  it("cannot connect without the client certificate", async () => {
    const bare = new KintoneRestAPIClient({
      baseUrl: stub.url,
      auth: { username: "Administrator", password: "stub-password" },
    });
    const error: unknown = await bare.app.getApp({ id: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(KintoneRestAPIError);
  });
});

describe("guest space", () => {
  it("answers on the guest path and refuses the app elsewhere with GAIA_IL23", async () => {
    const guest = client({ apiToken: "stub-token-app3" }, 1);
    const added = await guest.record.addRecord({
      app: 3,
      record: { Text: { value: "From the client" } },
    });
    const { record } = await guest.record.getRecord({ app: 3, id: added.id });
    expect(record.Text?.value).toBe("From the client");
    const error = await kintoneError(
      client({ apiToken: "stub-token-app3" }).record.getRecords({ app: 3 }),
    );
    expect(error.code).toBe("GAIA_IL23");
    expect(stub.requests.at(-2)?.url).toMatch(/^\/k\/guest\/1\/v1\/record\.json\?/);
  });
});

describe("many records", () => {
  it("reads 1,200 records with getAllRecordsWithCursor", async () => {
    const from = stub.requests.length;
    const records = await admin().record.getAllRecordsWithCursor({
      app: BIG_APP,
      fields: ["$id", "n"],
    });
    expect(records).toHaveLength(BIG_COUNT);
    expect(new Set(records.map((r) => r.$id?.value)).size).toBe(BIG_COUNT);
    const calls = stub.requests.slice(from).map((r) => `${r.method} ${r.url.split("?")[0]}`);
    // One cursor, three pages of 500, and no DELETE: kintone drops a cursor once it is read out.
    expect(calls).toEqual([
      "POST /k/v1/records/cursor.json",
      "GET /k/v1/records/cursor.json",
      "GET /k/v1/records/cursor.json",
      "GET /k/v1/records/cursor.json",
    ]);
  });

  it("adds 250 records with addAllRecords, through one bulkRequest", async () => {
    const from = stub.requests.length;
    const records = Array.from({ length: 250 }, (_, i) => ({ Text: { value: `bulk ${i}` } }));
    const result = await admin().record.addAllRecords({ app: 2, records });
    expect(result.records).toHaveLength(250);
    expect(result.records[0]).toEqual({ id: expect.stringMatching(/^\d+$/), revision: "1" });
    expect(stub.requests.slice(from).map((r) => r.url)).toEqual(["/k/v1/bulkRequest.json"]);
    const all = await admin().record.getAllRecords({ app: 2, condition: 'Text like "bulk"' });
    expect(all).toHaveLength(250);
  });

  it("reports a bad record inside addAllRecords with its index", async () => {
    const records: Record<string, { value: string }>[] = [
      { Text: { value: "fine" } },
      { Quantity: { value: "not a number" } },
    ];
    const error: unknown = await admin()
      .record.addAllRecords({ app: 2, records })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KintoneAllRecordsError);
    const cause = (error as KintoneAllRecordsError).error as KintoneRestAPIError;
    expect(cause.code).toBe("CB_VA01");
    expect(Object.keys(cause.errors as object).sort()).toEqual([
      "records[1].Quantity.value",
      "records[1].Text.value",
    ]);
  });

  it("sends a long GET as POST with X-HTTP-Method-Override, and the stub answers it", async () => {
    const ids = Array.from({ length: 900 }, (_, i) => i + 1);
    const { records } = await admin().record.getRecords({
      app: BIG_APP,
      fields: ["$id"],
      query: `$id in (${ids.join(", ")}) order by $id asc limit 500`,
    });
    expect(records).toHaveLength(500);
    const last = stub.requests.at(-1)!;
    expect(last.method).toBe("POST");
    expect(last.headers["x-http-method-override"]).toBe("GET");
  });
});

describe("files", () => {
  it("uploads, attaches and downloads a file byte for byte", async () => {
    const data = Buffer.from("ファイルの中身\n\u0000binary\u00ff", "utf8");
    const api = admin();
    const { fileKey } = await api.file.uploadFile({ file: { name: "メモ.txt", data } });
    const { id } = await api.record.addRecord({
      app: 1,
      record: { Text: { value: "With a file" }, Attachments: { value: [{ fileKey }] } },
    });
    const { record } = await api.record.getRecord({ app: 1, id });
    const [attached] = record.Attachments?.value as {
      fileKey: string;
      name: string;
      size: string;
    }[];
    expect(attached).toMatchObject({ name: "メモ.txt", size: String(data.length) });
    expect(attached?.fileKey).not.toBe(fileKey);
    const downloaded = await api.file.downloadFile({ fileKey: attached!.fileKey });
    expect(Buffer.from(downloaded)).toEqual(data);
    // Upload File's key is for attaching only, as in kintone. (The client reads a download's
    // error body as binary, so it reports the status but not the code.)
    expect((await kintoneError(api.file.downloadFile({ fileKey }))).status).toBe(404);
  });
});

describe("writes, comments, process management, bulk", () => {
  it("updates with revisions and refuses a stale one with GAIA_CO02", async () => {
    const api = admin();
    const { revision } = await api.record.updateRecord({
      app: 1,
      id: 2,
      record: { Amount: { value: "400" } },
      revision: 1,
    });
    expect(revision).toBe("2");
    const stale = await kintoneError(
      api.record.updateRecord({ app: 1, id: 2, record: { Amount: { value: "1" } }, revision: 1 }),
    );
    expect([stale.code, stale.status]).toEqual(["GAIA_CO02", 409]);
  });

  it("adds and reads comments", async () => {
    const api = admin();
    await api.record.addRecordComment({ app: 1, record: 3, comment: { text: "first" } });
    await api.record.addRecordComment({
      app: 1,
      record: 3,
      comment: { text: "second", mentions: [{ code: "sato", type: "USER" }] },
    });
    const { comments, older, newer } = await api.record.getRecordComments({
      app: 1,
      record: 3,
      limit: 1,
    });
    expect(comments.map((c) => c.text)).toEqual(["second"]);
    expect([older, newer]).toEqual([true, false]);
  });

  it("runs process actions and changes assignees", async () => {
    const api = admin();
    const before = (await api.record.getRecord({ app: 1, id: 3 })).record;
    expect(before.Status?.value).toBe("Not started");
    const { revision } = await api.record.updateRecordStatus({
      app: 1,
      id: 3,
      action: "Start",
      assignee: "Administrator",
    });
    expect(Number(revision)).toBe(Number(before.$revision?.value) + 2);
    await api.record.updateRecordAssignees({ app: 1, id: 3, assignees: ["sato"] });
    const after = (await api.record.getRecord({ app: 1, id: 3 })).record;
    expect(after.Status?.value).toBe("In progress");
    expect(after.Assignee?.value).toEqual([{ code: "sato", name: "佐藤 花子" }]);
  });

  it("rolls a failed bulkRequest back and names the failing request", async () => {
    const api = admin();
    const error = await kintoneError(
      api.bulkRequest({
        requests: [
          {
            method: "POST",
            api: "/k/v1/record.json",
            payload: { app: 2, record: { Text: { value: "x" } } },
          },
          { method: "PUT", api: "/k/v1/record.json", payload: { app: 2, id: 999999, record: {} } },
        ],
      }),
    );
    expect([error.code, error.bulkRequestIndex]).toEqual(["GAIA_RE01", 1]);
    const { records } = await api.record.getRecords({ app: 2, query: 'Text = "x"' });
    expect(records).toEqual([]);
  });
});
