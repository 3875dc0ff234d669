import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningStub } from "../../src/stub/index.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";
import { startTestStub } from "../helpers/certificates.js";
import { asUser, call, expectKintoneError, query, type ErrorBody } from "./helpers.js";

/** Records, queries, cursors, bulk requests, files and guest spaces over plain HTTPS. */
const LOTS_APP = 20;
let stub: RunningStub;

beforeAll(async () => {
  stub = await startTestStub({
    seed: {
      ...defaultSeed,
      apps: [
        ...defaultSeed.apps,
        {
          id: LOTS_APP,
          name: "Lots",
          fields: [
            { code: "n", type: "NUMBER" },
            { code: "word", type: "SINGLE_LINE_TEXT" },
          ],
          records: Array.from({ length: 620 }, (_, i) => ({
            n: { value: String(i + 1) },
            word: { value: i % 2 === 0 ? "even" : "odd" },
          })),
        },
      ],
    },
  });
});
afterAll(() => stub?.close());

const get = (path: string, headers = asUser()) => call(stub, "GET", path, { headers });
const send = (
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = asUser(),
) => call(stub, method, path, { headers, body });

type Records = { records: Record<string, { value: unknown }>[]; totalCount: string | null };
const ids = (body: Records) => body.records.map((record) => Number(record.$id?.value));

describe("record CRUD and validation", () => {
  it("adds, reads, updates and deletes a record, revisions as strings", async () => {
    const added = (
      await send("POST", "/k/v1/record.json", {
        app: 1,
        record: { Text: { value: "CRUD" }, Amount: { value: 10 } },
      })
    ).json();
    expect(added).toEqual({ id: expect.stringMatching(/^\d+$/), revision: "1" });
    const { record } = (await get(`/k/v1/record.json?app=1&id=${added.id}`)).json<{
      record: Record<string, { type: string; value: unknown }>;
    }>();
    expect(record.Amount).toEqual({ type: "NUMBER", value: "10" });
    expect(record.Priority).toEqual({ type: "RADIO_BUTTON", value: "Medium" });
    expect(record.Stage).toEqual({ type: "DROP_DOWN", value: null });
    expect(record.Due_date).toEqual({ type: "DATE", value: null });
    expect(record.Meeting).toEqual({ type: "DATETIME", value: "" });
    expect(record.Created_by).toEqual({
      type: "CREATOR",
      value: { code: "Administrator", name: "Administrator" },
    });
    expect(record.Record_number).toEqual({ type: "RECORD_NUMBER", value: added.id });
    const updated = (
      await send("PUT", "/k/v1/record.json", {
        app: 1,
        id: added.id,
        record: { Memo: { value: "changed" } },
        revision: "1",
      })
    ).json();
    expect(updated).toEqual({ revision: "2" });
    expect(
      (
        await call(
          stub,
          "DELETE",
          `/k/v1/records.json${query({ app: 1, ids: [Number(added.id)] })}`,
          { headers: asUser() },
        )
      ).status,
    ).toBe(200);
    await expectKintoneError(get(`/k/v1/record.json?app=1&id=${added.id}`), 404, "GAIA_RE01");
  });

  it("answers GAIA_AP01 for a missing app and CB_VA01 for a missing parameter", async () => {
    await expectKintoneError(get("/k/v1/record.json?app=999&id=1"), 404, "GAIA_AP01");
    const body = await expectKintoneError(get("/k/v1/record.json?id=1"), 400, "CB_VA01");
    expect(Object.keys(body.errors ?? {})).toEqual(["app"]);
  });

  it("keys validation errors by the JSON path of each value", async () => {
    const body = await expectKintoneError(
      send("POST", "/k/v1/record.json", {
        app: 1,
        record: {
          Text: { value: "" },
          Email: { value: "research@example.com" },
          Amount: { value: "12a" },
          Stage: { value: "Nope" },
          Tags: { value: ["VIP", "Other"] },
          Due_date: { value: "2024-02-30" },
          Call_time: { value: "25:00" },
          Meeting: { value: "tomorrow" },
          Owner: { value: [{ code: "Administrator" }] },
          Items: { value: [{ value: { Quantity: { value: "x" } } }] },
        },
      }),
      400,
      "CB_VA01",
    );
    expect(Object.keys(body.errors ?? {}).sort()).toEqual([
      "record.Amount.value",
      "record.Call_time.value",
      "record.Due_date.value",
      "record.Email.value",
      "record.Items.value[0].value.Quantity.value",
      "record.Meeting.value",
      "record.Stage.value",
      "record.Tags.value",
      "record.Text.value",
    ]);
  });

  it("checks text length, number range and unknown users", async () => {
    const body = await expectKintoneError(
      send("POST", "/k/v1/record.json", {
        app: 1,
        record: { Text: { value: "x".repeat(65) }, Amount: { value: "-1" } },
      }),
      400,
      "CB_VA01",
    );
    expect(Object.keys(body.errors ?? {}).sort()).toEqual([
      "record.Amount.value",
      "record.Text.value",
    ]);
    await expectKintoneError(
      send("POST", "/k/v1/record.json", {
        app: 1,
        record: { Text: { value: "x" }, Owner: { value: [{ code: "ghost" }] } },
      }),
      400,
      "GAIA_IL26",
    );
  });

  it("keys bulk errors by record index and adds nothing", async () => {
    const before = (await get("/k/v1/records.json?app=2&totalCount=true")).json<Records>()
      .totalCount;
    const body = await expectKintoneError(
      send("POST", "/k/v1/records.json", {
        app: 2,
        records: [
          { Text: { value: "ok" } },
          { Text: { value: "ok" } },
          { Quantity: { value: "1" } },
          { Text: { value: "x" }, Ordered_on: { value: "soon" } },
        ],
      }),
      400,
      "CB_VA01",
    );
    expect(Object.keys(body.errors ?? {}).sort()).toEqual([
      "records[2].Text.value",
      "records[3].Ordered_on.value",
    ]);
    expect((await get("/k/v1/records.json?app=2&totalCount=true")).json<Records>().totalCount).toBe(
      before,
    );
  });

  it("refuses more than 100 records in one write", async () => {
    const records = Array.from({ length: 101 }, () => ({ Text: { value: "x" } }));
    const body = await expectKintoneError(
      send("POST", "/k/v1/records.json", { app: 2, records }),
      400,
      "CB_VA01",
    );
    expect(Object.keys(body.errors ?? {})).toEqual(["records"]);
  });

  it("upserts by a unique field and deletes only when every revision matches", async () => {
    const upsert = (
      await send("PUT", "/k/v1/records.json", {
        app: 1,
        upsert: true,
        records: [
          {
            updateKey: { field: "Email", value: "trading@example.com" },
            record: { Memo: { value: "updated" } },
          },
          {
            updateKey: { field: "Email", value: "new@example.com" },
            record: { Text: { value: "Inserted" } },
          },
        ],
      })
    ).json<{ records: { id: string; revision: string; operation: string }[] }>();
    expect(upsert.records.map((r) => r.operation)).toEqual(["UPDATE", "INSERT"]);
    const inserted = upsert.records[1]!;
    await expectKintoneError(
      call(
        stub,
        "DELETE",
        `/k/v1/records.json${query({ app: 1, ids: [inserted.id], revisions: [5] })}`,
        { headers: asUser() },
      ),
      409,
      "GAIA_CO02",
    );
    expect((await get(`/k/v1/record.json?app=1&id=${inserted.id}`)).status).toBe(200);
  });
});

describe("queries and limits", () => {
  const select = (q: string, extra: Record<string, string | number | boolean | string[]> = {}) =>
    get(`/k/v1/records.json${query({ app: LOTS_APP, query: q, fields: ["$id", "n"], ...extra })}`);

  it("returns 100 records by default, newest first, with totalCount on request", async () => {
    const body = (await select("", { totalCount: true })).json<Records>();
    expect(body.records).toHaveLength(100);
    expect(ids(body)[0]).toBe(620);
    expect(body.totalCount).toBe("620");
    expect((await select("")).json<Records>().totalCount).toBeNull();
  });

  it("applies conditions, order by, limit and offset", async () => {
    expect(ids((await select("$id > 600 order by $id asc limit 5")).json())).toEqual([
      601, 602, 603, 604, 605,
    ]);
    expect(
      ids((await select('n >= 10 and n < 13 and word = "odd" order by n desc')).json()),
    ).toEqual([12, 10]);
    expect(ids((await select("n in (3, 5) or n = 7 order by n asc")).json())).toEqual([3, 5, 7]);
    expect(ids((await select('word not in ("odd") and n <= 4 order by n asc')).json())).toEqual([
      1, 3,
    ]);
    expect(ids((await select('word like "ODD" and n < 5 order by n asc')).json())).toEqual([2, 4]);
    expect(ids((await select("n != 1 and n < 4 order by $id asc offset 1")).json())).toEqual([3]);
  });

  it("filters on choice fields, users and subtable columns", async () => {
    const pick = async (q: string) =>
      ids(
        (
          await get(
            `/k/v1/records.json${query({ app: 1, query: `${q} order by $id asc`, fields: ["$id"] })}`,
          )
        ).json(),
      );
    expect(await pick('Tags in ("VIP")')).toEqual([1]);
    expect(await pick("Owner in (LOGINUSER())")).toEqual([1]);
    expect(await pick('Item like "licence"')).toEqual([1]);
    expect(await pick('Stage not in ("Lead", "Deal") and Text like "店"')).toEqual([3]);
    expect(await pick('Due_date < "2024-06-01"')).toEqual([1]);
  });

  it("holds kintone's limits: 500 per read, offset up to 10,000", async () => {
    expect((await select("limit 500")).json<Records>().records).toHaveLength(500);
    await expectKintoneError(select("limit 501"), 400, "GAIA_QU01");
    expect((await select("offset 10000")).status).toBe(200);
    await expectKintoneError(select("offset 10001"), 400, "GAIA_QU02");
  });

  it("names an unknown field (GAIA_IQ11) and a malformed query (CB_VA01)", async () => {
    await expectKintoneError(select("nothing = 1"), 400, "GAIA_IQ11");
    await expectKintoneError(select('n = "1" and'), 400, "CB_VA01");
    await expectKintoneError(select("n in 1"), 400, "CB_VA01");
  });

  it("reads parameters from a JSON body on GET and from POST with X-HTTP-Method-Override", async () => {
    const params = { app: LOTS_APP, query: "$id <= 3 order by $id asc", fields: ["$id"] };
    expect(ids((await send("GET", "/k/v1/records.json", params)).json())).toEqual([1, 2, 3]);
    const overridden = await send("POST", "/k/v1/records.json", params, {
      ...asUser(),
      "X-HTTP-Method-Override": "GET",
    });
    expect(ids(overridden.json())).toEqual([1, 2, 3]);
  });

  it("decodes array parameters the way qs encodes them", async () => {
    const path = `/k/v1/records.json?app=${LOTS_APP}&query=${encodeURIComponent("$id = 1")}&fields%5B0%5D=n&fields%5B1%5D=word`;
    expect((await get(path)).json<Records>().records).toEqual([
      { n: { type: "NUMBER", value: "1" }, word: { type: "SINGLE_LINE_TEXT", value: "even" } },
    ]);
  });
});

describe("cursors", () => {
  it("pages through a query and disappears after the last page", async () => {
    const { id, totalCount } = (
      await send("POST", "/k/v1/records/cursor.json", {
        app: LOTS_APP,
        size: 300,
        fields: ["$id"],
        query: "n > 20",
      })
    ).json<{ id: string; totalCount: string }>();
    expect(totalCount).toBe("600");
    const pages: number[] = [];
    let next = true;
    while (next) {
      const page = (await get(`/k/v1/records/cursor.json?id=${id}`)).json<{
        records: unknown[];
        next: boolean;
      }>();
      pages.push(page.records.length);
      next = page.next;
    }
    expect(pages).toEqual([300, 300]);
    await expectKintoneError(get(`/k/v1/records/cursor.json?id=${id}`), 400, "GAIA_CU01");
  });

  it("limits size to 500, refuses limit in the query, and allows ten cursors", async () => {
    await expectKintoneError(
      send("POST", "/k/v1/records/cursor.json", { app: LOTS_APP, size: 501 }),
      400,
      "CB_VA01",
    );
    await expectKintoneError(
      send("POST", "/k/v1/records/cursor.json", { app: LOTS_APP, query: "limit 5" }),
      400,
      "CB_VA01",
    );
    const created: string[] = [];
    for (let i = 0; i < 10; i++) {
      created.push(
        (await send("POST", "/k/v1/records/cursor.json", { app: LOTS_APP })).json<{ id: string }>()
          .id,
      );
    }
    await expectKintoneError(
      send("POST", "/k/v1/records/cursor.json", { app: LOTS_APP }),
      400,
      "GAIA_TM12",
    );
    for (const id of created)
      expect(
        (await call(stub, "DELETE", `/k/v1/records/cursor.json?id=${id}`, { headers: asUser() }))
          .status,
      ).toBe(200);
    expect((await send("POST", "/k/v1/records/cursor.json", { app: LOTS_APP })).status).toBe(200);
  });
});

describe("bulkRequest.json", () => {
  it("runs up to 20 record requests and answers each result", async () => {
    const body = (
      await send("POST", "/k/v1/bulkRequest.json", {
        requests: [
          {
            method: "POST",
            api: "/k/v1/record.json",
            payload: { app: 2, record: { Text: { value: "bulk one" } } },
          },
          {
            method: "PUT",
            api: "/k/v1/record.json",
            payload: { app: 2, id: 1, record: { Quantity: { value: "9" } } },
          },
        ],
      })
    ).json<{ results: Record<string, string>[] }>();
    expect(body.results).toEqual([
      { id: expect.any(String), revision: "1" },
      { revision: expect.any(String) },
    ]);
  });

  it("is all-or-nothing and puts the error at the failing index", async () => {
    const answer = await send("POST", "/k/v1/bulkRequest.json", {
      requests: [
        {
          method: "POST",
          api: "/k/v1/record.json",
          payload: { app: 2, record: { Text: { value: "rolled back" } } },
        },
        {
          method: "POST",
          api: "/k/v1/records.json",
          payload: { app: 2, records: [{ Text: { value: "" } }] },
        },
        { method: "DELETE", api: "/k/v1/records.json", payload: { app: 2, ids: [1] } },
      ],
    });
    expect(answer.status).toBe(400);
    const { results } = answer.json<{ results: Partial<ErrorBody>[] }>();
    expect(results[0]).toEqual({});
    expect(results[1]).toMatchObject({
      code: "CB_VA01",
      errors: { "records[0].Text.value": { messages: expect.any(Array) } },
    });
    expect(results[2]).toEqual({});
    const left = (
      await get(`/k/v1/records.json${query({ app: 2, query: 'Text = "rolled back"' })}`)
    ).json<Records>();
    expect(left.records).toEqual([]);
  });

  it("refuses more than 20 requests and APIs a bulk cannot carry", async () => {
    const one = {
      method: "POST",
      api: "/k/v1/record.json",
      payload: { app: 2, record: { Text: { value: "x" } } },
    };
    await expectKintoneError(
      send("POST", "/k/v1/bulkRequest.json", { requests: Array.from({ length: 21 }, () => one) }),
      400,
      "CB_VA01",
    );
    const answer = await send("POST", "/k/v1/bulkRequest.json", {
      requests: [{ method: "POST", api: "/k/v1/records/cursor.json", payload: { app: 2 } }],
    });
    expect(answer.json<{ results: ErrorBody[] }>().results[0]?.code).toBe("GAIA_NF01");
  });
});

describe("guest spaces", () => {
  it("answers a guest app only on its guest path (GAIA_IL23 elsewhere)", async () => {
    expect((await get("/k/guest/1/v1/records.json?app=3")).status).toBe(200);
    const body = await expectKintoneError(get("/k/v1/records.json?app=3"), 400, "GAIA_IL23");
    expect(body.message).toContain("/k/guest/1/v1/");
  });

  it("refuses an app outside the guest space on the guest path", async () => {
    await expectKintoneError(get("/k/guest/1/v1/records.json?app=1"), 403, "CB_NO02");
    await expectKintoneError(get("/k/guest/2/v1/records.json?app=2"), 404, "GAIA_SP01");
  });

  it("lists only the guest space's apps on its path", async () => {
    const list = async (path: string) =>
      (await get(path)).json<{ apps: { appId: string }[] }>().apps.map((app) => app.appId);
    expect(await list("/k/guest/1/v1/apps.json")).toEqual(["3"]);
    expect(await list("/k/v1/apps.json")).not.toContain("3");
  });
});

describe("files", () => {
  it("takes a multipart upload and downloads attachments by their record fileKey", async () => {
    const boundary = "----stub-test-boundary";
    const content = Buffer.from([0x00, 0xff, 0x10, 0x41]);
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="データ.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await call(stub, "POST", "/k/v1/file.json", {
      headers: { ...asUser(), "content-type": `multipart/form-data; boundary=${boundary}` },
      body: multipart,
    });
    const { fileKey } = upload.json<{ fileKey: string }>();
    expect(fileKey).toMatch(/^[0-9a-f-]{36}$/);
    await expectKintoneError(get(`/k/v1/file.json?fileKey=${fileKey}`), 404, "GAIA_BL01");
    const { id } = (
      await send("POST", "/k/v1/record.json", {
        app: 1,
        record: { Text: { value: "file" }, Attachments: { value: [{ fileKey }] } },
      })
    ).json<{ id: string }>();
    const { record } = (await get(`/k/v1/record.json?app=1&id=${id}`)).json<{
      record: {
        Attachments: {
          value: { fileKey: string; name: string; size: string; contentType: string }[];
        };
      };
    }>();
    const [attached] = record.Attachments.value;
    expect(attached).toMatchObject({
      name: "データ.bin",
      size: "4",
      contentType: "application/octet-stream",
    });
    const download = await get(`/k/v1/file.json?fileKey=${attached!.fileKey}`);
    expect(download.headers["content-type"]).toBe("application/octet-stream");
    expect(download.body).toEqual(content);
  });

  it("serves the seeded attachment of record 1", async () => {
    const { record } = (await get("/k/v1/record.json?app=1&id=1")).json<{
      record: { Attachments: { value: { fileKey: string }[] } };
    }>();
    const download = await get(`/k/v1/file.json?fileKey=${record.Attachments.value[0]!.fileKey}`);
    expect(download.body.toString()).toBe("Hello from the kintone stub.\n");
  });
});

describe("comments and process management", () => {
  it("adds, lists and deletes comments", async () => {
    const { id } = (
      await send("POST", "/k/v1/record/comment.json", {
        app: 2,
        record: 2,
        comment: { text: "hello" },
      })
    ).json<{ id: string }>();
    const list = (await get("/k/v1/record/comments.json?app=2&record=2")).json<{
      comments: { id: string; text: string }[];
    }>();
    expect(list.comments).toEqual([expect.objectContaining({ id, text: "hello" })]);
    await expectKintoneError(
      get("/k/v1/record/comments.json?app=2&record=2&limit=11"),
      400,
      "CB_VA01",
    );
    expect(
      (
        await call(stub, "DELETE", `/k/v1/record/comment.json?app=2&record=2&comment=${id}`, {
          headers: asUser(),
        })
      ).status,
    ).toBe(200);
    await expectKintoneError(
      call(stub, "DELETE", `/k/v1/record/comment.json?app=2&record=2&comment=${id}`, {
        headers: asUser(),
      }),
      404,
      "GAIA_RE02",
    );
  });

  it("refuses an action the record's status does not have", async () => {
    await expectKintoneError(
      send("PUT", "/k/v1/record/status.json", { app: 1, id: 2, action: "Complete" }),
      400,
      "GAIA_IL03",
    );
    await expectKintoneError(
      send("PUT", "/k/v1/record/status.json", { app: 2, id: 1, action: "Start" }),
      400,
      "GAIA_IL03",
    );
  });
});

describe("requests kintone does not know", () => {
  it("answers 404 GAIA_NF01 for unknown paths and methods, CB_IJ01 for broken JSON", async () => {
    await expectKintoneError(get("/k/v1/nothing.json"), 404, "GAIA_NF01");
    await expectKintoneError(
      call(stub, "PATCH", "/k/v1/record.json", { headers: asUser() }),
      404,
      "GAIA_NF01",
    );
    await expectKintoneError(get("/"), 404, "GAIA_NF01");
    await expectKintoneError(
      call(stub, "POST", "/k/v1/record.json", {
        headers: { ...asUser(), "content-type": "application/json" },
        body: Buffer.from("{nope"),
      }),
      400,
      "CB_IJ01",
    );
  });
});
