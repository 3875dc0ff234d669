import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planApp } from "../../src/apps/app-plan.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { buildAppFolder } from "../../src/collection/app-folder.js";
import { buildCollection, COLLECTION_ITEM_DEPTH } from "../../src/collection/build-collection.js";
import { JsonText, jsonTextPieces } from "../../src/files/json-text.js";
import { toJsonText } from "../../src/files/write-atomic.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";

const joined = (value: unknown) => [...jsonTextPieces(value)].join("");

describe("jsonTextPieces", () => {
  it("writes what toJsonText writes, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(joined(value)).toBe(toJsonText(value));
      }),
      { numRuns: 300, seed: 8 },
    );
    const sparse = { a: undefined, b: [undefined, 1], c: {}, d: [], e: "\u2028\n" };
    expect(joined(sparse)).toBe(toJsonText(sparse));
  });

  it("puts app folders laid out as text exactly where their objects would go", () => {
    const catalog = loadCatalog();
    const forms = defaultSeed.apps.map((app) => ({
      id: app.id,
      name: app.name,
      fields: Object.fromEntries(app.fields.map((field) => [field.code, field])),
      layout: [],
      process: { enable: false },
    }));
    const built = forms.map((form) =>
      buildAppFolder("kintone", planApp(form as Parameters<typeof planApp>[0])),
    );
    const settings = { name: "kintone", baseUrl: "https://example.cybozu.com" };
    const asObjects = buildCollection(catalog, {
      ...settings,
      appFolders: { folders: built.map((app) => app.folder), userVariables: [] },
    });
    const asText = buildCollection(catalog, {
      ...settings,
      appFolders: {
        folders: built.map((app) => new JsonText(app.folder, COLLECTION_ITEM_DEPTH)),
        userVariables: [],
      },
    });
    expect(joined(asText)).toBe(toJsonText(asObjects));
    // Without apps: the committed collection, byte for byte.
    const committed = readFileSync(
      new URL("../../collections/kintone.postman_collection.json", import.meta.url),
      "utf8",
    );
    expect(joined(buildCollection(catalog, settings))).toBe(committed);
  });

  it("refuses a JsonText deeper than it walks instead of writing it as an object", () => {
    expect(() => joined({ a: { b: { c: new JsonText(1, 3) } } })).toThrow(/deeper/);
  });
});

describe("JsonText", () => {
  it("lays a value out as deep as it will sit", () => {
    const value = { a: [1, { b: "x\ny" }], c: {} };
    for (const depth of [0, 1, 2, 3, 4]) {
      const indent = "  ".repeat(depth);
      const expected = JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
      expect(new JsonText(value, depth).text).toBe(expected);
    }
  });
});
