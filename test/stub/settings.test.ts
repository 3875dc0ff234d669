import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningStub } from "../../src/stub/index.js";
import type { HttpMethod } from "../../src/stub/router.js";
import { findRoute } from "../../src/stub/routes.js";
import { startTestStub } from "../helpers/certificates.js";
import { readYaml, sharedFile } from "../helpers/shared.js";
import { asUser, call, query, type ErrorBody } from "./helpers.js";

/**
 * Every other API: app settings with preview and deploy, spaces, plug-ins, search. Checked
 * against kintone's own OpenAPI description when ../shared is present.
 */
const spec = sharedFile("kintone-rest-api-spec/openapi.yaml");

interface Operation {
  method: HttpMethod;
  path: string;
  /** Top-level properties of the documented 200 response. */
  responseKeys: string[];
}

let parsed: { ordinary: Operation[]; guest: Operation[] } | undefined;

/** The documented operations, under /k/v1/ and under /k/guest/{guestSpaceId}/v1/. */
function operations(kind: "ordinary" | "guest" = "ordinary"): Operation[] {
  parsed ??= { ordinary: read("/k/v1/"), guest: read("/k/guest/{guestSpaceId}/v1/") };
  return parsed[kind];
}

function read(root: string): Operation[] {
  const document = readYaml(spec.path) as {
    paths: Record<
      string,
      Record<
        string,
        {
          responses?: Record<
            string,
            { content?: Record<string, { schema?: { properties?: object } }> }
          >;
        }
      >
    >;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    path.startsWith(root)
      ? Object.entries(methods).map(([method, operation]) => ({
          method: method.toUpperCase() as HttpMethod,
          path: path.slice(root.length),
          responseKeys: Object.keys(
            operation.responses?.["200"]?.content?.["application/json"]?.schema?.properties ?? {},
          ),
        }))
      : [],
  );
}

let stub: RunningStub;

beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(() => stub?.close());

const send = (method: string, path: string, body?: unknown) =>
  call(
    stub,
    method,
    path,
    body === undefined ? { headers: asUser() } : { headers: asUser(), body },
  );

/** Parameters a read needs, by path; the rest take the main app. */
const READ_PARAMS: Record<string, Parameters<typeof query>[0]> = {
  "app.json": { id: 1 },
  "record.json": { app: 1, id: 1 },
  "record/comments.json": { app: 1, record: 1 },
  "records/acl/evaluate.json": { app: 1, ids: [1] },
  "preview/app/deploy.json": { apps: [1] },
  "space.json": { id: 2 },
  "space/members.json": { id: 2 },
};
/** Reads that need something created first; other tests cover them. */
const READS_ELSEWHERE = new Set(["file.json", "records/cursor.json", "plugin/apps.json"]);

describe.skipIf(!spec.present)("every operation of kintone's OpenAPI description", () => {
  it("has a route, on the ordinary and the guest path alike", () => {
    for (const kind of ["ordinary", "guest"] as const) {
      const missing = operations(kind).filter((op) => !findRoute(op.method, op.path));
      expect(missing.map((op) => `${op.method} ${op.path}`)).toEqual([]);
      expect(operations(kind)).toHaveLength(102);
    }
  });

  it("answers every read with the documented properties", async () => {
    const reads = operations().filter((op) => op.method === "GET" && !READS_ELSEWHERE.has(op.path));
    for (const op of reads) {
      const response = await send(
        "GET",
        `/k/v1/${op.path}${query(READ_PARAMS[op.path] ?? { app: 1 })}`,
      );
      expect(response.status, `${op.path}: ${response.body.toString()}`).toBe(200);
      expect(Object.keys(response.json()), op.path).toEqual(
        expect.arrayContaining(op.responseKeys),
      );
    }
  });

  it("answers every settings PUT (preview, and the live ACLs) with the documented properties", async () => {
    const puts = operations().filter(
      (o) => o.method === "PUT" && (o.path.startsWith("preview/") || o.path.endsWith("/acl.json")),
    );
    expect(puts).toHaveLength(18);
    for (const op of puts) {
      const response = await send(
        "PUT",
        `/k/v1/${op.path}`,
        op.path.endsWith("form/fields.json") ? { app: 1, properties: {} } : { app: 1 },
      );
      expect(response.status, `${op.path}: ${response.body.toString()}`).toBe(200);
      expect(Object.keys(response.json()), op.path).toEqual(
        expect.arrayContaining(op.responseKeys),
      );
    }
  });
});

describe("app settings: preview, deploy, revisions", () => {
  it("changes the preview only, until deployed", async () => {
    const live = (await send("GET", "/k/v1/app/settings.json?app=2")).json<{
      name: string;
      revision: string;
    }>();
    const put = (
      await send("PUT", "/k/v1/preview/app/settings.json", {
        app: 2,
        name: "Orders (renamed)",
        revision: live.revision,
      })
    ).json<{ revision: string }>();
    expect(Number(put.revision)).toBe(Number(live.revision) + 1);
    expect((await send("GET", "/k/v1/app/settings.json?app=2")).json<{ name: string }>().name).toBe(
      "Orders",
    );
    expect(
      (await send("GET", "/k/v1/preview/app/settings.json?app=2")).json<{ name: string }>().name,
    ).toBe("Orders (renamed)");
    expect(
      (await send("POST", "/k/v1/preview/app/deploy.json", { apps: [{ app: 2 }] })).status,
    ).toBe(200);
    expect((await send("GET", "/k/v1/preview/app/deploy.json?apps[0]=2")).json()).toEqual({
      apps: [{ app: "2", status: "SUCCESS" }],
    });
    expect((await send("GET", "/k/v1/app.json?id=2")).json<{ name: string }>().name).toBe(
      "Orders (renamed)",
    );
  });

  it("refuses a stale revision with GAIA_CO02", async () => {
    const response = await send("PUT", "/k/v1/preview/app/views.json", {
      app: 2,
      views: {},
      revision: 1,
    });
    expect([response.status, response.json<ErrorBody>().code]).toEqual([409, "GAIA_CO02"]);
  });

  it("adds, changes and deletes fields; records follow once deployed", async () => {
    expect(
      (
        await send("POST", "/k/v1/preview/app/form/fields.json", {
          app: 2,
          properties: {
            Note: { type: "MULTI_LINE_TEXT", code: "Note", label: "Note", required: false },
          },
        })
      ).status,
    ).toBe(200);
    const duplicate = await send("POST", "/k/v1/preview/app/form/fields.json", {
      app: 2,
      properties: { Note: { type: "SINGLE_LINE_TEXT" } },
    });
    expect(duplicate.json<ErrorBody>().errors).toHaveProperty(["properties.Note.code"]);
    expect(
      (
        await send("PUT", "/k/v1/preview/app/form/fields.json", {
          app: 2,
          properties: { Note: { label: "Notes" } },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(
          "DELETE",
          `/k/v1/preview/app/form/fields.json${query({ app: 2, fields: ["Ordered_on"] })}`,
        )
      ).status,
    ).toBe(200);
    const layout = (await send("GET", "/k/v1/preview/app/form/layout.json?app=2")).json<{
      layout: { fields?: { code: string }[] }[];
    }>();
    expect(layout.layout.flatMap((row) => row.fields ?? []).map((field) => field.code)).toEqual([
      "Text",
      "Quantity",
      "Note",
    ]);
    expect(
      (await send("GET", "/k/v1/record.json?app=2&id=1")).json<{ record: object }>().record,
    ).not.toHaveProperty("Note");
    await send("POST", "/k/v1/preview/app/deploy.json", { apps: [{ app: 2 }] });
    const { record } = (await send("GET", "/k/v1/record.json?app=2&id=1")).json<{
      record: Record<string, unknown>;
    }>();
    expect(record.Note).toEqual({ type: "MULTI_LINE_TEXT", value: "" });
    expect(record).not.toHaveProperty("Ordered_on");
    const fields = (await send("GET", "/k/v1/app/form/fields.json?app=2")).json<{
      properties: Record<string, { label: string }>;
    }>();
    expect(fields.properties.Note?.label).toBe("Notes");
  });

  it("creates an app that answers only in preview until its first deploy", async () => {
    const { app } = (
      await send("POST", "/k/v1/preview/app.json", { name: "New app", space: 2 })
    ).json<{ app: string }>();
    expect((await send("GET", `/k/v1/app.json?id=${app}`)).json<ErrorBody>().code).toBe(
      "GAIA_AP01",
    );
    expect((await send("GET", `/k/v1/preview/app/form/fields.json?app=${app}`)).status).toBe(200);
    await send("POST", "/k/v1/preview/app/deploy.json", { apps: [{ app }] });
    expect((await send("GET", `/k/v1/app.json?id=${app}`)).json()).toMatchObject({
      name: "New app",
      spaceId: "2",
    });
  });

  it("turns process management off and on with the status settings", async () => {
    await send("PUT", "/k/v1/preview/app/status.json", { app: 1, enable: false });
    await send("POST", "/k/v1/preview/app/deploy.json", { apps: [{ app: 1 }] });
    expect(
      (await send("GET", "/k/v1/record.json?app=1&id=1")).json<{ record: object }>().record,
    ).not.toHaveProperty("Status");
    const fields = (await send("GET", "/k/v1/app/form/fields.json?app=1")).json<{
      properties: Record<string, { enabled?: boolean }>;
    }>();
    expect(fields.properties.Status?.enabled).toBe(false);
    await send("PUT", "/k/v1/preview/app/status.json", { app: 1, enable: true });
    await send("POST", "/k/v1/preview/app/deploy.json", { apps: [{ app: 1 }] });
    expect(
      (await send("GET", "/k/v1/record.json?app=1&id=1")).json<{ record: object }>().record,
    ).toHaveProperty("Status");
  });
});

describe("spaces, guests, plug-ins and search", () => {
  it("manages a space from a template, its threads and members", async () => {
    const { id } = (
      await send("POST", "/k/v1/template/space.json", {
        id: 1,
        name: "Project",
        members: [{ entity: { type: "USER", code: "Administrator" }, isAdmin: true }],
      })
    ).json<{ id: string }>();
    const { id: thread } = (
      await send("POST", "/k/v1/space/thread.json", { space: id, name: "Topic" })
    ).json<{ id: string }>();
    expect(
      (
        await send("POST", "/k/v1/space/thread/comment.json", {
          space: id,
          thread,
          comment: { text: "hi" },
        })
      ).json(),
    ).toEqual({ id: "1" });
    expect(
      (
        await send("PUT", "/k/v1/space/members.json", {
          id,
          members: [{ entity: { type: "USER", code: "sato" }, isAdmin: true }],
        })
      ).status,
    ).toBe(200);
    expect((await send("GET", `/k/v1/space/members.json?id=${id}`)).json()).toEqual({
      members: [{ entity: { type: "USER", code: "sato" }, isAdmin: true, includeSubs: false }],
    });
    expect((await send("DELETE", `/k/v1/space.json?id=${id}`)).status).toBe(200);
    expect((await send("GET", `/k/v1/space.json?id=${id}`)).json<ErrorBody>().code).toBe(
      "GAIA_SP01",
    );
  });

  it("adds guests who can then sign in, and removes them", async () => {
    await send("POST", "/k/v1/guests.json", {
      guests: [
        {
          code: "visitor@example.com",
          name: "Visitor",
          password: "visit-pass",
          timezone: "UTC",
          locale: "en",
        },
      ],
    });
    const asGuest = { headers: asUser("visitor@example.com", "visit-pass") };
    expect((await call(stub, "GET", "/k/v1/app.json?id=1", asGuest)).status).toBe(200);
    await send("DELETE", `/k/v1/guests.json${query({ guests: ["visitor@example.com"] })}`);
    expect((await call(stub, "GET", "/k/v1/app.json?id=1", asGuest)).status).toBe(401);
  });

  it("installs a plug-in from an uploaded file and adds it to an app", async () => {
    const boundary = "plugin-boundary";
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sample.zip"\r\n\r\nPK-zip-bytes\r\n--${boundary}--\r\n`,
    );
    const { fileKey } = (
      await call(stub, "POST", "/k/v1/file.json", {
        headers: { ...asUser(), "content-type": `multipart/form-data; boundary=${boundary}` },
        body,
      })
    ).json<{ fileKey: string }>();
    const installed = (await send("POST", "/k/v1/plugin.json", { fileKey })).json<{
      id: string;
      version: string;
    }>();
    expect(installed).toEqual({ id: expect.stringMatching(/^[a-z]{32}$/), version: "1" });
    await send("POST", "/k/v1/preview/app/plugins.json", { app: 1, ids: [installed.id] });
    await send("POST", "/k/v1/preview/app/deploy.json", { apps: [{ app: 1 }] });
    expect((await send("GET", `/k/v1/plugin/apps.json?id=${installed.id}`)).json()).toEqual({
      apps: [{ id: "1", name: "Customers" }],
    });
    expect((await send("DELETE", `/k/v1/plugin.json?id=${installed.id}`)).status).toBe(200);
    expect((await send("GET", "/k/v1/plugins/required.json")).json()).toEqual({
      plugins: [{ id: installed.id, name: "sample", isMarketPlugin: false }],
    });
  });

  it("searches record text with AND/OR/NOT conditions", async () => {
    const search = (body: object) => send("POST", "/k/v1/search.json", body);
    const hits = (
      await search({ query: [{ operator: "AND", keywords: ["Trading"] }], types: ["RECORD"] })
    ).json<{ hits: { record: { appId: string; recordId: string } }[]; nextPageToken: null }>();
    expect(hits.hits.map((hit) => [hit.record.appId, hit.record.recordId])).toEqual([["1", "2"]]);
    expect(hits.nextPageToken).toBeNull();
    expect((await search({ query: [{ operator: "NOT", keywords: ["x"] }] })).json()).toEqual({
      hits: [],
      nextPageToken: null,
    });
    expect((await search({})).json<ErrorBody>().code).toBe("CB_VA01");
  });
});
