import { readFileSync } from "node:fs";
import { KintoneRestAPIClient, KintoneRestAPIError } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningStub, StubSeed } from "../../src/stub/index.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";
import { hintFor } from "../../src/kintone/error-hints.js";
import { startTestStub } from "../helpers/certificates.js";
import { asUser, call, query, type ErrorBody } from "./helpers.js";

/**
 * Where kintone refuses a request, the stub refuses it too, so a mistake in the collection cannot
 * pass locally and fail on a real domain. Each test names the source it follows: a line of
 * kintone's documentation (cybozu.dev), or an observation made on a real domain by an independent
 * emulator (SonicGarden/kintone-emulator, whose "dual-mode" tests also run against kintone).
 * Where neither settles the answer, the test name says "not established".
 */
let stub: RunningStub;

/** Today's date in a time zone, the way a person there would write it. */
const dateIn = (timeZone: string, instant = new Date()) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);

const DATES_APP = 30;
// UTC+14 and UTC-11: 25 hours apart, so their calendar days always differ.
const AHEAD = "Pacific/Kiritimati";
const BEHIND = "Pacific/Pago_Pago";

const seed: StubSeed = {
  ...defaultSeed,
  users: [
    ...defaultSeed.users!,
    { login: "ahead", password: "ahead-password", timeZone: AHEAD, primaryOrganization: "sales" },
    { login: "behind", password: "behind-password", timeZone: BEHIND },
  ],
  apps: [
    ...defaultSeed.apps,
    {
      id: DATES_APP,
      name: "Dates",
      fields: [
        { code: "Title", type: "SINGLE_LINE_TEXT" },
        { code: "Due", type: "DATE" },
        { code: "Dept", type: "ORGANIZATION_SELECT" },
      ],
      records: [
        { Title: { value: "ahead today" }, Due: { value: dateIn(AHEAD) } },
        { Title: { value: "behind today" }, Due: { value: dateIn(BEHIND) } },
        { Title: { value: "sales" }, Dept: { value: [{ code: "sales" }] } },
      ],
    },
  ],
};

beforeAll(async () => {
  stub = await startTestStub({ secureAccess: true, seed });
});
afterAll(() => stub?.close());

/** The official client, over Secure Access with the stub's pfx (which also carries its CA). */
const api = (
  guestSpaceId?: number,
  auth = { username: "Administrator", password: "stub-password" },
) =>
  new KintoneRestAPIClient({
    baseUrl: stub.url,
    auth,
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
    const error = await rejected(api().record.updateRecordStatus({ app: 1, id, action: "Start" }));
    expect([error.code, Object.keys(error.errors ?? {})]).toEqual(["CB_VA01", ["assignee"]]);
  });

  it("runs it with assignee, and assigns that user", async () => {
    const id = await newRecord();
    const client = api();
    await client.record.updateRecordStatus({ app: 1, id, action: "Start", assignee: "sato" });
    const { record } = await client.record.getRecord({ app: 1, id });
    expect(record.Assignee?.value).toEqual([{ code: "sato", name: "佐藤 花子" }]);
  });

  it("counts users a field of the record holds (FIELD_ENTITY, kintone's default)", async () => {
    const own = await startTestStub({ secureAccess: true, seed });
    try {
      const client = new KintoneRestAPIClient({
        baseUrl: own.url,
        auth: { username: "Administrator", password: "stub-password" },
        clientCertAuth: { pfxFilePath: own.pfxPath, password: own.pfxPassphrase },
      });
      const byOwner = {
        type: "ONE",
        entities: [{ entity: { type: "FIELD_ENTITY", code: "Owner" } }],
      };
      await client.app.updateProcessManagement({
        app: 1,
        enable: true,
        states: {
          Open: { name: "Open", index: "0", assignee: { type: "ONE", entities: [] } },
          Review: { name: "Review", index: "1", assignee: byOwner },
        },
        actions: [{ name: "Send", from: "Open", to: "Review" }],
      } as never);
      await client.app.deployApp({ apps: [{ app: 1 }] });
      const add = async (owner: string[]) =>
        Number(
          (
            await client.record.addRecord({
              app: 1,
              record: { Text: { value: "x" }, Owner: { value: owner.map((code) => ({ code })) } },
            })
          ).id,
        );
      const owned = await add(["sato"]);
      const error = await rejected(
        client.record.updateRecordStatus({ app: 1, id: owned, action: "Send" }),
      );
      expect([error.code, Object.keys(error.errors ?? {})]).toEqual(["CB_VA01", ["assignee"]]);
      const unowned = await add([]);
      await client.record.updateRecordStatus({ app: 1, id: unowned, action: "Send" });
    } finally {
      await own.close();
    }
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

const select = (app: number, q: string, headers = asUser()) =>
  call(stub, "GET", `/k/v1/records.json${query({ app, query: q })}`, { headers, agent: agent() });
const titles = async (q: string, login = "Administrator", password = "stub-password") => {
  const { records } = await api(undefined, { username: login, password }).record.getRecords({
    app: DATES_APP,
    query: `${q} order by $id asc`,
  });
  return records.map((record) => record.Title?.value);
};

describe("3. Fields inside a table take in / not in, never = or !=", () => {
  // query doc, 補足: 「テーブル内のフィールド…をクエリに含める場合、=!=演算子の代わりに、innot in
  // 演算子を使ってください。」 GAIA_IQ07 is the code the independent emulator observed on a real domain.
  it("refuses = and != on a subtable column with GAIA_IQ07", async () => {
    await refused(select(1, 'Item = "Licence"'), 400, "GAIA_IQ07");
    await refused(select(1, 'Item != "Licence"'), 400, "GAIA_IQ07");
    const error = await rejected(api().record.getRecords({ app: 1, query: "Quantity = 10" }));
    expect(error.code).toBe("GAIA_IQ07");
  });

  it("answers in and not in on the same column", async () => {
    const { records } = await api().record.getRecords({ app: 1, query: 'Item in ("Licence")' });
    expect(records.map((record) => record.$id?.value)).toEqual(["1"]);
  });
});

describe("4. Operators by field type", () => {
  // The query doc's operator table per field type; the code GAIA_IQ03 and its cases (= on a
  // drop-down, = on a multi-line text, > on a single-line text) as the independent emulator
  // observed them on a real domain.
  it.each([
    ['Stage = "Deal"', "= on a drop-down"],
    ['Tags = "VIP"', "= on a check box"],
    ['Priority != "High"', "!= on a radio button"],
    ['Amount like "12"', "like on a number"],
    ['Stage like "Deal"', "like on a drop-down"],
    ["Text is empty", "is empty on a single-line text"],
    ['Memo = "x"', "= on a multi-line text"],
    ['Text > "a"', "> on a single-line text"],
    ['Owner = "sato"', "= on a user selection"],
    ["Notes is empty", "is empty on a rich text"],
  ])("refuses %s (%s) with GAIA_IQ03", async (condition) => {
    await refused(select(1, condition), 400, "GAIA_IQ03");
    expect((await rejected(api().record.getRecords({ app: 1, query: condition }))).code).toBe(
      "GAIA_IQ03",
    );
  });

  it("answers the operators each type takes", async () => {
    const client = api();
    for (const condition of [
      'Stage in ("Deal")',
      'Tags not in ("VIP")',
      "Amount >= 100",
      'Text like "Kintone"',
      "Memo is not empty",
      "Attachments is not empty",
      'Status = "Not started"',
      "Created_by in (LOGINUSER())",
      'Due_date <= "2024-06-01"',
    ]) {
      await expect(
        client.record.getRecords({ app: 1, query: condition }),
        condition,
      ).resolves.toBeDefined();
    }
  });
});

describe("5. Every query function the query doc lists", () => {
  // query doc, 関数: LOGINUSER() PRIMARY_ORGANIZATION() NOW() TODAY() YESTERDAY() TOMORROW()
  // FROM_TODAY() THIS_WEEK() LAST_WEEK() NEXT_WEEK() THIS_MONTH() LAST_MONTH() NEXT_MONTH()
  // THIS_YEAR() LAST_YEAR() NEXT_YEAR().
  it.each([
    "Due = TODAY()",
    "Due = YESTERDAY()",
    "Due = TOMORROW()",
    "Due = FROM_TODAY(-3, DAYS)",
    "Due = FROM_TODAY(2, WEEKS)",
    "Due = FROM_TODAY(1, MONTHS)",
    "Due = FROM_TODAY(-1, YEARS)",
    "Due = THIS_WEEK()",
    "Due = THIS_WEEK(MONDAY)",
    "Due = LAST_WEEK()",
    "Due = NEXT_WEEK(SATURDAY)",
    "Due = THIS_MONTH()",
    "Due = THIS_MONTH(LAST)",
    "Due = LAST_MONTH(1)",
    "Due = NEXT_MONTH()",
    "Due = THIS_YEAR()",
    "Due < LAST_YEAR()",
    "Due > NEXT_YEAR()",
    "Due <= NOW()",
    "Dept in (PRIMARY_ORGANIZATION())",
  ])("answers %s", async (condition) => {
    expect(Array.isArray(await titles(condition))).toBe(true);
  });

  it("matches the whole span: THIS_MONTH() and THIS_YEAR() hold today", async () => {
    expect(
      await titles("Due = THIS_MONTH() and Due = THIS_YEAR()", "ahead", "ahead-password"),
    ).toContain("ahead today");
  });

  // query doc: PRIMARY_ORGANIZATION() 「…優先組織が設定されていない場合、…条件は無視され」
  it("PRIMARY_ORGANIZATION() is the user's primary department, ignored for a user without one", async () => {
    expect(await titles("Dept in (PRIMARY_ORGANIZATION())", "ahead", "ahead-password")).toEqual([
      "sales",
    ]);
    expect(await titles("Dept in (PRIMARY_ORGANIZATION())", "behind", "behind-password")).toEqual([
      "ahead today",
      "behind today",
      "sales",
    ]);
  });

  // Codes as the independent emulator observed them on a real domain.
  it("refuses bad arguments: GAIA_IQ25 unit, GAIA_IQ23 day, GAIA_IL08 count", async () => {
    await refused(select(DATES_APP, "Due = FROM_TODAY(1, HOURS)"), 400, "GAIA_IQ25");
    await refused(select(DATES_APP, "Due = THIS_MONTH(32)"), 400, "GAIA_IQ23");
    await refused(select(DATES_APP, "Due = FROM_TODAY(1)"), 400, "GAIA_IL08");
  });
});

describe("6. Dates count in the user's time zone", () => {
  // Observed on a real domain by the independent emulator: TODAY(), YESTERDAY(), TOMORROW() and
  // FROM_TODAY() follow the user's time zone setting; NOW() does not.
  it("TODAY() is today where the user is", async () => {
    expect(await titles("Due = TODAY()", "ahead", "ahead-password")).toEqual(["ahead today"]);
    expect(await titles("Due = TODAY()", "behind", "behind-password")).toEqual(["behind today"]);
    const raw = await select(DATES_APP, "Due = TODAY()", asUser("behind", "behind-password"));
    expect(raw.json<{ records: { Title: { value: string } }[] }>().records).toEqual([
      expect.objectContaining({ Title: expect.objectContaining({ value: "behind today" }) }),
    ]);
    expect(await titles("Due = FROM_TODAY(-1, DAYS)", "ahead", "ahead-password")).not.toContain(
      "ahead today",
    );
  });
});

describe("7. like is a word search", () => {
  // query doc, 補足: 「クエリで文字列検索する場合は単語検索です。」 The independent emulator observed
  // on a real domain: like "key" misses "gamma keyword", like "keyword" finds it.
  it("matches whole words, not parts of them", async () => {
    const like = async (needle: string) =>
      (await api().record.getRecords({ app: 1, query: `Text like "${needle}"` })).records.map(
        (record) => record.Text?.value,
      );
    expect(await like("Research")).toEqual(["Kintone Research"]);
    expect(await like("research kintone")).toEqual(["Kintone Research"]);
    expect(await like("Resea")).toEqual([]);
    expect(await like("tone")).toEqual([]);
    const raw = await select(1, 'Text like "Resea"');
    expect(raw.json<{ records: unknown[] }>().records).toEqual([]);
  });

  it("matches Japanese text as a substring (kintone's own index is not modeled)", async () => {
    const { records } = await api().record.getRecords({ app: 1, query: 'Text like "商店"' });
    expect(records.map((record) => record.Text?.value)).toEqual(["佐藤商店"]);
  });
});

describe("9. offset over 10,000", () => {
  // GAIA_QU02, as the independent emulator observed on a real domain for an offset over 10,000.
  it("answers GAIA_QU02, with the raw request and the official client", async () => {
    await refused(select(1, "offset 10001"), 400, "GAIA_QU02");
    const error = await rejected(api().record.getRecords({ app: 1, query: "offset 10001" }));
    expect(error.code).toBe("GAIA_QU02");
    expect((await select(1, "offset 10000")).status).toBe(200);
  });
});

describe("8. A guest path for an app outside that guest space", () => {
  // SonicGarden/kintone-emulator, tests/api/app/guest-space.test.ts, a test written to run against
  // a real domain too: getApp on a guest path for an app in an ordinary space answers 403 CB_NO02
  // ("権限がありません。").
  it("answers 403 CB_NO02, with the raw request and the official client", async () => {
    await refused(get("/k/guest/1/v1/app.json?id=2"), 403, "CB_NO02");
    await refused(get("/k/guest/1/v1/records.json?app=1"), 403, "CB_NO02");
    const error = await rejected(api(1).app.getApp({ id: 1 }));
    expect([error.status, error.code]).toEqual([403, "CB_NO02"]);
    expect((await api(1).app.getApp({ id: 3 })).appId).toBe("3");
  });

  it("for an app of another guest space too (not established on a real domain)", async () => {
    const other = await startTestStub({
      seed: {
        ...seed,
        spaces: [...seed.spaces!, { id: 9, name: "Other guests", isGuest: true }],
        apps: [...seed.apps, { id: 40, name: "Elsewhere", spaceId: 9, fields: [] }],
      },
    });
    try {
      const answer = await call(other, "GET", "/k/guest/1/v1/app.json?id=40", {
        headers: asUser(),
      });
      expect([answer.status, answer.json<ErrorBody>().code]).toEqual([403, "CB_NO02"]);
    } finally {
      await other.close();
    }
  });

  it("the collection's hint for CB_NO02 names the guest space", () => {
    expect(hintFor("CB_NO02")).toContain("guestSpaceId");
  });
});

describe("10. Upload file needs a file name", () => {
  // upload-file doc: 「「Content-Disposition」内のnameには「file」、filenameにはファイル名を指定して
  // ください。」
  const upload = (disposition: string, content: string) => {
    const boundary = "----fidelity-boundary";
    return call(stub, "POST", "/k/v1/file.json", {
      headers: { ...asUser(), "content-type": `multipart/form-data; boundary=${boundary}` },
      body: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n${content}\r\n--${boundary}--\r\n`,
      ),
      agent: agent(),
    });
  };

  it("refuses a part with no file name, empty or not (code not established: CB_VA01)", async () => {
    for (const [disposition, content] of [
      ['name="file"', ""],
      ['name="file"', "some bytes"],
      ['name="file"; filename=""', "some bytes"],
    ] as const) {
      const body = await refused(upload(disposition, content), 400, "CB_VA01");
      expect(Object.keys(body.errors ?? {})).toEqual(["file"]);
    }
    const error = await rejected(api().file.uploadFile({ file: { name: "", data: "bytes" } }));
    expect([error.code, Object.keys(error.errors ?? {})]).toEqual(["CB_VA01", ["file"]]);
  });

  it("takes a named file, from a raw request and from the official client", async () => {
    const raw = await upload('name="file"; filename="note.txt"', "hello");
    expect(raw.json<{ fileKey: string }>().fileKey).toMatch(/^[0-9a-f-]{36}$/);
    const { fileKey } = await api().file.uploadFile({ file: { name: "名前.txt", data: "hello" } });
    expect(fileKey).toMatch(/^[0-9a-f-]{36}$/);
  });
});
