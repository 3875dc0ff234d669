import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.js";
import { buildCollection } from "../src/collection/build-collection.js";
import { scriptPath } from "../src/collection/scripts.js";
import { collectionValidator, sdkRoundTrip } from "./helpers/collection-schema.js";
import { sharedFile } from "./helpers/shared.js";

interface JsonItem {
  id: string;
  name: string;
  item?: JsonItem[];
  auth?: unknown;
  event?: { listen: string; script: { exec: string[] } }[];
  request?: {
    method: string;
    auth?: unknown;
    url: { raw: string; path: string[]; query?: { key: string; value: string }[] };
  };
}

const catalog = loadCatalog();
const settings = { name: "kintone", baseUrl: "https://example.cybozu.com" };
const collection = buildCollection(catalog, settings) as JsonItem & {
  info: { _postman_id: string };
  variable: { key: string; value: string }[];
};
const folders = collection.item ?? [];
const requests = (folder: JsonItem) => folder.item ?? [];
const allItems = folders.flatMap((folder) => [folder, ...requests(folder)]);

describe("collection", () => {
  const schema = sharedFile("postman-schemas/collection-v2.1.0.schema.json");
  it.skipIf(!schema.present)("is valid against Postman's v2.1 collection schema", () => {
    const validate = collectionValidator(schema.path);
    const valid = validate(collection);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ["the defaults", settings],
    ["another name and base URL", { name: "my-kintone", baseUrl: "http://localhost:3000" }],
    [
      "a certificate entry",
      {
        name: "kintone",
        baseUrl: "https://a.s.cybozu.com:8443",
        certificateMatch: "https://a.s.cybozu.com:8443/*",
      },
    ],
  ])("loads through the collection SDK and comes back equal: %s", (_, options) => {
    const built = buildCollection(catalog, options);
    const { sent, returned, rawUrls } = sdkRoundTrip(built);
    expect(returned).toEqual(sent);
    expect(rawUrls).toHaveLength(built.item.flatMap((folder) => folder.item).length);
    for (const { raw, sdk } of rawUrls) expect(raw).toBe(sdk);
  });

  it("starts with the Smoke folder, which only reads", () => {
    expect(folders[0]?.name).toBe("Smoke");
    const smoke = requests(folders[0]!);
    expect(smoke.length).toBeGreaterThanOrEqual(5);
    for (const item of smoke) expect(item.request?.method).toBe("GET");
    expect(smoke.map((item) => item.request?.url.raw)).toContain(
      "{{baseUrl}}/k/{{apiRoot}}/records.json?app={{appId}}&query=limit 1&totalCount=true",
    );
  });

  it("holds every catalog operation once, outside Smoke", () => {
    const names = folders.slice(1).flatMap((folder) => requests(folder).map((item) => item.id));
    expect(names).toHaveLength(103);
    expect(new Set(names).size).toBe(103);
  });

  it("routes guest-capable requests through apiRoot and the rest through /k/v1", () => {
    const byPath = new Map(
      folders
        .slice(1)
        .flatMap(requests)
        .map((item) => [item.request!.url.path.join("/"), item]),
    );
    expect(byPath.has("k/{{apiRoot}}/records.json")).toBe(true);
    expect(byPath.has("k/v1/apps/statistics.json")).toBe(true);
    expect(byPath.has("k/{{apiRoot}}/apps/statistics.json")).toBe(false);
    expect(byPath.has("k/v1/plugins.json")).toBe(true);
  });

  it("encodes array query parameters the way kintone reads them", () => {
    const keys = folders.flatMap(requests).flatMap((item) => item.request?.url.query ?? []);
    const arrayKeys = keys.map((q) => q.key).filter((key) => key.includes("["));
    expect(arrayKeys.length).toBeGreaterThan(0);
    for (const key of arrayKeys) expect(key).toMatch(/^[A-Za-z]+\[\d+\]$/);
  });

  it("signs at collection level and never sets auth (inherit would disable it in Newman)", () => {
    expect(collection.event?.map((event) => event.listen)).toEqual(["prerequest", "test"]);
    expect(JSON.stringify(collection)).not.toContain('"auth"');
  });

  it("holds each script as one exec string, the whole file: Newman sends each string of it into its sandbox on every script run", () => {
    for (const event of collection.event ?? []) {
      const file = readFileSync(
        scriptPath(event.listen === "test" ? "test" : "prerequest"),
        "utf8",
      );
      expect(event.script.exec).toEqual([file.replace(/\n$/, "")]);
    }
  });

  it("has stable ids: the same inputs give the same bytes, another name other ids", () => {
    expect(JSON.stringify(buildCollection(catalog, settings))).toBe(JSON.stringify(collection));
    const other = buildCollection(catalog, { ...settings, name: "other" }) as typeof collection;
    expect(other.info._postman_id).not.toBe(collection.info._postman_id);
    const ids = allItems.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives the test script its hints and the base URL as a collection variable", () => {
    const variables = Object.fromEntries(collection.variable.map((v) => [v.key, v.value]));
    expect(variables.baseUrl).toBe("https://example.cybozu.com");
    expect(variables.apiRoot).toBe("v1");
    expect(JSON.parse(variables.kintoneErrorHints!)).toHaveProperty("CB_WA01");
  });
});
