import { readFileSync } from "node:fs";
import { KintoneRestAPIClient, KintoneRestAPIError } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStub, type RunningStub, type StubSeed } from "../../src/stub/index.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";
import { asUser, call, query, type ErrorBody } from "./helpers.js";

/**
 * Where kintone refuses a request, the stub refuses it too, so a mistake in the collection cannot
 * pass locally and fail on a real domain. Each test names the source it follows: a line of
 * kintone's documentation (cybozu.dev), or an observation made on a real domain by an independent
 * emulator (SonicGarden/kintone-emulator, whose "dual-mode" tests also run against kintone).
 * Where neither settles the answer, the test name says "not established".
 */
let stub: RunningStub;

const seed: StubSeed = { ...defaultSeed };

beforeAll(async () => {
  stub = await startStub({ secureAccess: true, seed });
});
afterAll(() => stub?.close());

/** The official client, over Secure Access with the stub's pfx (which also carries its CA). */
const api = (guestSpaceId?: number) =>
  new KintoneRestAPIClient({
    baseUrl: stub.url,
    auth: { username: "Administrator", password: "stub-password" },
    clientCertAuth: { pfxFilePath: stub.pfxPath, password: stub.pfxPassphrase },
    ...(guestSpaceId === undefined ? {} : { guestSpaceId }),
  });

const agent = () => ({ pfx: readFileSync(stub.pfxPath), passphrase: stub.pfxPassphrase });
const get = (path: string) => call(stub, "GET", path, { headers: asUser(), agent: agent() });
const send = (method: string, path: string, body: unknown) =>
  call(stub, method, path, { headers: asUser(), body, agent: agent() });

async function refused(response: ReturnType<typeof call>, status: number, code: string) {
  const answer = await response;
  const body = answer.json<ErrorBody>();
  expect([answer.status, body.code], JSON.stringify(body)).toEqual([status, code]);
  return body;
}

async function rejected(promise: Promise<unknown>): Promise<KintoneRestAPIError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KintoneRestAPIError);
  return error as KintoneRestAPIError;
}

async function newRecord(): Promise<number> {
  const { id } = (
    await send("POST", "/k/v1/record.json", { app: 1, record: { Text: { value: "fidelity" } } })
  ).json<{ id: string }>();
  return Number(id);
}

describe("1. Update status: assignee", () => {
  // update-status doc, assignee: 「次の条件下では必須です。変更先のステータスの作業者が「次のユーザー
  // から作業者を選択」になっている、かつ選択可能なユーザーが存在する場合」
  it("refuses an action into a 'select the assignee' status without assignee (code not established: CB_VA01)", async () => {
    const id = await newRecord();
    const body = await refused(
      send("PUT", "/k/v1/record/status.json", { app: 1, id, action: "Start" }),
      400,
      "CB_VA01",
    );
    expect(Object.keys(body.errors ?? {})).toEqual(["assignee"]);
    const bulk = await refused(
      send("PUT", "/k/v1/records/status.json", { app: 1, records: [{ id, action: "Start" }] }),
      400,
      "CB_VA01",
    );
    expect(Object.keys(bulk.errors ?? {})).toEqual(["records[0].assignee"]);
  });

  it("runs it with assignee, and assigns that user", async () => {
    const id = await newRecord();
    const client = api();
    await client.record.updateRecordStatus({ app: 1, id, action: "Start", assignee: "sato" });
    const { record } = await client.record.getRecord({ app: 1, id });
    expect(record.Assignee?.value).toEqual([{ code: "sato", name: "佐藤 花子" }]);
  });

  it("needs no assignee for a status nobody can be selected for", async () => {
    const id = await newRecord();
    await send("PUT", "/k/v1/record/status.json", {
      app: 1,
      id,
      action: "Start",
      assignee: "Administrator",
    });
    const done = await send("PUT", "/k/v1/record/status.json", { app: 1, id, action: "Complete" });
    expect(done.status).toBe(200);
  });
});

describe("2. Update record: id or updateKey", () => {
  // update-record doc, updateKey: 「idを指定する場合は、updateKeyを指定できません。」
  it("refuses both at once (code not established: CB_VA01)", async () => {
    const body = await refused(
      send("PUT", "/k/v1/record.json", {
        app: 1,
        id: 1,
        updateKey: { field: "Email", value: "research@example.com" },
        record: { Memo: { value: "both" } },
      }),
      400,
      "CB_VA01",
    );
    expect(Object.keys(body.errors ?? {})).toEqual(["updateKey"]);
    // update-records doc says the same of records[].id and records[].updateKey.
    const error = await rejected(
      api().record.updateRecords({
        app: 1,
        records: [
          {
            id: 1,
            updateKey: { field: "Email", value: "research@example.com" },
            record: {},
          } as never,
        ],
      }),
    );
    expect([error.code, Object.keys(error.errors ?? {})]).toEqual([
      "CB_VA01",
      ["records[0].updateKey"],
    ]);
  });

  it("still updates by either one alone", async () => {
    const client = api();
    await client.record.updateRecord({ app: 1, id: 1, record: { Memo: { value: "by id" } } });
    await client.record.updateRecord({
      app: 1,
      updateKey: { field: "Email", value: "research@example.com" },
      record: { Memo: { value: "by key" } },
    });
    expect((await client.record.getRecord({ app: 1, id: 1 })).record.Memo?.value).toBe("by key");
  });
});
