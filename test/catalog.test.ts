import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogOperations, loadCatalog, validateCatalog } from "../src/catalog/load.js";
import type { Operation } from "../src/catalog/types.js";
import { readYaml, sharedFile } from "./helpers/shared.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

const FOLDERS = [
  "Records",
  "Record comments",
  "Process management",
  "Files",
  "Apps",
  "App settings",
  "Permissions",
  "Spaces",
  "Guests",
  "Plugins",
  "Bulk request",
  "Search",
];

/** Domain-wide operations that kintone never serves under /k/guest/{id}/v1. */
const NOT_IN_GUEST_SPACES = [
  "POST app/move.json",
  "GET apps/statistics.json",
  "POST guests.json",
  "DELETE guests.json",
  "POST template/space.json",
  "GET spaces/statistics.json",
  "POST plugin.json",
  "PUT plugin.json",
  "DELETE plugin.json",
  "GET plugins.json",
  "GET plugins/required.json",
  "GET plugin/apps.json",
];

/** kintone's search API is real but absent from its OpenAPI description. */
const NOT_IN_SPEC = new Set(["POST search.json"]);

/** The variables the generated environment declares. */
const VARIABLES = [
  "appId",
  "recordId",
  "revision",
  "spaceId",
  "threadId",
  "commentId",
  "fileKey",
  "cursorId",
  "pluginId",
  "guestUserCode",
  "lang",
  "searchKeyword",
  "userCode",
  "targetAppId",
  // A connection setting; guest-only requests put it in their path and body.
  "guestSpaceId",
  // Set by the test script from what Add records created; Delete records removes only that one.
  "newRecordId",
  // Likewise from Create space from template, for Delete space.
  "newSpaceId",
  // From Upload file and Install plug-in: an upload's key installs plug-ins (downloads need the
  // key an attachment field holds, `fileKey`), and Uninstall removes only what was installed.
  "uploadedFileKey",
  "newPluginId",
  // Set by the pre-request script (`v1` or `guest/{id}/v1`), for paths inside bulk request bodies.
  "apiRoot",
];

const endpoint = (op: Pick<Operation, "method" | "path">) => `${op.method} ${op.path}`;

/** Every `{{name}}` in a JSON-like value. */
function variablesIn(value: unknown): string[] {
  if (typeof value === "string") return [...value.matchAll(/\{\{([^}]+)\}\}/g)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(variablesIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(variablesIn);
  return [];
}

describe("catalog", () => {
  const catalog = loadCatalog();
  const operations = catalogOperations(catalog);

  it("loads 103 operations in the expected folders", () => {
    expect(catalog.areas.map((area) => area.folder)).toEqual(FOLDERS);
    expect(operations).toHaveLength(103);
  });

  it("has unique ids and unique endpoints", () => {
    const ids = operations.map((op) => op.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const endpoints = operations.map(endpoint);
    expect(endpoints.filter((e, i) => endpoints.indexOf(e) !== i)).toEqual([]);
  });

  it("uses only variables the environment declares", () => {
    const unknown = operations.flatMap((op) =>
      variablesIn([op.query, op.body, op.formData])
        .filter((name) => !VARIABLES.includes(name))
        .map((name) => `${op.id}: {{${name}}}`),
    );
    expect(unknown).toEqual([]);
  });

  it("marks exactly the domain-wide operations as unavailable in guest spaces", () => {
    const notGuest = operations.filter((op) => !op.guest).map(endpoint);
    expect(notGuest.sort()).toEqual([...NOT_IN_GUEST_SPACES].sort());
  });

  it("keeps smoke requests read-only and dependent on appId alone", () => {
    const byId = new Map(operations.map((op) => [op.id, op]));
    expect(catalog.smoke.length).toBeGreaterThanOrEqual(6);
    expect(catalog.smoke.length).toBeLessThanOrEqual(8);
    for (const entry of catalog.smoke) {
      const op = byId.get(entry.operation);
      expect(op?.method, entry.operation).toBe("GET");
      expect(op?.readOnly, entry.operation).toBe(true);
      expect(variablesIn(entry.query ?? op?.query), entry.name).toEqual(["appId"]);
    }
  });
});

const spec = sharedFile("kintone-rest-api-spec/openapi.yaml");

describe.skipIf(!spec.present)("catalog against kintone's OpenAPI description", () => {
  const STANDARD = "/k/v1/";
  const GUEST = "/k/guest/{guestSpaceId}/v1/";
  const standard = new Set<string>();
  const guest = new Set<string>();
  const operations = catalogOperations(loadCatalog());

  beforeAll(() => {
    const openapi = readYaml(spec.path) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, item] of Object.entries(openapi.paths)) {
      for (const method of Object.keys(item)) {
        if (!["get", "post", "put", "delete"].includes(method)) continue;
        const upper = method.toUpperCase();
        if (path.startsWith(STANDARD)) standard.add(`${upper} ${path.slice(STANDARD.length)}`);
        if (path.startsWith(GUEST)) guest.add(`${upper} ${path.slice(GUEST.length)}`);
      }
    }
  });

  it("lists every operation of the spec", () => {
    const listed = new Set(operations.map(endpoint));
    expect([...standard].filter((e) => !listed.has(e))).toEqual([]);
    expect(standard.size).toBe(102);
  });

  it("lists nothing the spec lacks", () => {
    const extra = operations.map(endpoint).filter((e) => !standard.has(e) && !NOT_IN_SPEC.has(e));
    expect(extra).toEqual([]);
  });

  it("offers in guest spaces only what the spec serves there", () => {
    const missing = operations
      .filter((op) => op.guest && !NOT_IN_SPEC.has(endpoint(op)))
      .map(endpoint)
      .filter((e) => !guest.has(e));
    expect(missing).toEqual([]);
  });
});

describe("validateCatalog", () => {
  const operation = (overrides: Record<string, unknown> = {}) => ({
    id: "app-get",
    name: "Get app",
    method: "GET",
    path: "app.json",
    guest: true,
    readOnly: true,
    description: "Reads an app.",
    query: [{ key: "id", value: "{{appId}}" }],
    ...overrides,
  });
  const area = (...operations: unknown[]) => ({
    folder: "Apps",
    description: "Apps.",
    operations,
  });
  const smoke = [{ operation: "app-get", name: "Get app" }];
  const rejects = (areas: unknown[], smokeEntries: unknown, message: RegExp) =>
    expect(() => validateCatalog(areas, smokeEntries, { areas: ["05-apps.json"] })).toThrow(
      message,
    );

  it("accepts a well-formed catalog", () => {
    const catalog = validateCatalog([area(operation())], smoke);
    expect(catalogOperations(catalog).map((op) => op.id)).toEqual(["app-get"]);
  });

  it("rejects duplicate ids, naming the file", () => {
    rejects(
      [area(operation(), operation({ path: "apps.json" }))],
      smoke,
      /05-apps\.json: operation app-get: duplicate id/,
    );
  });

  it("rejects the same endpoint twice", () => {
    rejects([area(operation(), operation({ id: "app-get-again" }))], smoke, /listed twice/);
  });

  it("rejects unknown methods and absolute paths", () => {
    rejects([area(operation({ method: "PATCH" }))], smoke, /method must be one of/);
    rejects([area(operation({ path: "/k/v1/app.json" }))], smoke, /no leading slash/);
  });

  it("rejects misspelt keys and multi-line descriptions", () => {
    rejects([area(operation({ qurey: [] }))], smoke, /unknown key "qurey"/);
    rejects([area(operation({ description: "One\nTwo" }))], smoke, /one non-empty line/);
  });

  it("rejects a file part whose src is not a sample in templates/samples", () => {
    const upload = (src: string) =>
      operation({
        id: "file-post",
        method: "POST",
        path: "file.json",
        readOnly: false,
        query: undefined,
        formData: [{ key: "file", type: "file", src }],
      });
    expect(() =>
      validateCatalog([area(operation(), upload("kintone-upload-sample.txt"))], smoke),
    ).not.toThrow();
    for (const src of ["missing.txt", "../catalog/smoke.json", "/etc/passwd"]) {
      rejects([area(operation(), upload(src))], smoke, /src must be/);
    }
  });

  it("rejects smoke entries that are missing or could change data", () => {
    rejects(
      [area(operation())],
      [{ operation: "nope", name: "x" }],
      /"nope" is not in the catalog/,
    );
    const post = operation({
      id: "record-post",
      method: "POST",
      readOnly: false,
      query: undefined,
    });
    rejects(
      [area(operation(), post)],
      [{ operation: "record-post", name: "Add" }],
      /smoke: entry 0: operation record-post is not a read-only GET/,
    );
  });

  describe("on disk", () => {
    const tmp = tempDirEachTest("catalog-");

    it("names the file when the catalog on disk is not valid JSON", () => {
      writeFileSync(join(tmp.path, "01-broken.json"), "{ not json");
      writeFileSync(join(tmp.path, "smoke.json"), "[]");
      expect(() => loadCatalog(pathToFileURL(`${tmp.path}/`))).toThrow(/01-broken\.json/);
    });
  });
});
