import { createRequire } from "node:module";
import sdk from "postman-collection";
import { describe, expect, it } from "vitest";
import { planApp } from "../../src/apps/app-plan.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { buildAppFolder } from "../../src/collection/app-folder.js";
import { buildCollection } from "../../src/collection/build-collection.js";
import { CAPTURED_BY, DELETED_BY } from "../../src/environment/variables.js";
import { deletersToAdd, selectedRequests } from "../../src/runner/cleanup.js";
import type { CollectionJson, ItemJson } from "../../src/runner/inputs.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";

const catalog = loadCatalog();
const operations = catalog.areas.flatMap((area) => area.operations);
const seedApp = defaultSeed.apps.find((app) => app.id === 1)!;
const appFolder = buildAppFolder(
  "kintone",
  planApp({
    id: seedApp.id,
    name: seedApp.name,
    fields: Object.fromEntries(seedApp.fields.map((field) => [field.code, field])),
    layout: [],
    process: { enable: false },
  } as Parameters<typeof planApp>[0]),
).folder;
const settings = { name: "kintone", baseUrl: "https://example.cybozu.com" };
const collection = buildCollection(catalog, settings) as CollectionJson;
/** With app 1's folder, ahead of the catalog's folders, whose requests share names with them. */
const withApp = buildCollection(catalog, {
  ...settings,
  appFolders: { folders: [appFolder], userVariables: [] },
}) as CollectionJson;
const appFolderName = appFolder.name ?? "";
const appParts = (appFolder.item ?? []).map((folder) => folder.name ?? "");

function leaves(items: readonly ItemJson[] | undefined): ItemJson[] {
  return (items ?? []).flatMap((item) => (item.item === undefined ? [item] : leaves(item.item)));
}
/** The catalog's requests, in collection order: outside Smoke and the app folder. */
const catalogRequests = leaves(collection.item?.filter((folder) => folder.name !== "Smoke"));
const catalogId = (name: string) => catalogRequests.find((item) => item.name === name)?.id ?? "";

/** Added deleters as `name: variables`. */
function added(folders: string[] | undefined, of: CollectionJson = collection): string[] {
  return deletersToAdd(of, folders).map(
    (deleter) => `${deleter.name}: ${deleter.variables.join(", ")}`,
  );
}

describe("deletersToAdd", () => {
  it("adds the deleter of what a selected request creates when the selection lacks it", () => {
    expect(deletersToAdd(collection, ["Records"])).toEqual([
      {
        id: catalogId("Bulk request"),
        name: "Bulk request",
        variables: ["newRecordId"],
        deletes: ["the record Add record created"],
      },
    ]);
    expect(added(["Add records"])).toEqual(["Delete records: batchRecordId1, batchRecordId2"]);
    expect(deletersToAdd(collection, ["Add records"])[0]!.deletes).toEqual([
      "the records Add records created",
    ]);
    expect(added(["Create cursor"])).toEqual(["Delete cursor: cursorId"]);
    expect(added(["Create space from template"])).toEqual(["Delete space: newSpaceId"]);
    expect(added(["Add comment"])).toEqual(["Delete comment: commentId"]);
    // A creator named by its id counts as named by its name.
    expect(added([catalogId("Add record")])).toEqual(["Bulk request: newRecordId"]);
  });

  it("lists several in collection order, the order Newman runs them in", () => {
    expect(
      added([
        "Create space from template",
        "Add comment",
        "Create cursor",
        "Add records",
        "Add record",
      ]),
    ).toEqual([
      "Delete cursor: cursorId",
      "Delete records: batchRecordId1, batchRecordId2",
      "Delete comment: commentId",
      "Delete space: newSpaceId",
      "Bulk request: newRecordId",
    ]);
  });

  it("adds nothing when the deleter is selected too, or nothing selected creates", () => {
    for (const folders of [
      ["Records", "Bulk request"],
      ["Add record", catalogId("Bulk request")],
      ["Add records", "Delete records"],
      ["Record comments"],
      ["Spaces"],
      ["Create cursor", "Delete cursor"],
      ["Get records", "Update record", "Delete records"],
    ]) {
      expect(added(folders), folders.join(", ")).toEqual([]);
    }
  });

  it("never uninstalls a plug-in the user named Install plug-in for", () => {
    expect(added(["Install plug-in"])).toEqual([]);
    expect(added(["Plugins"])).toEqual([]);
  });

  it("adds nothing to Smoke, a whole run, or app folders, whose requests delete their own", () => {
    expect(added(["Smoke"])).toEqual([]);
    expect(added(undefined)).toEqual([]);
    expect(appParts).toHaveLength(3);
    for (const folders of [
      [appFolderName],
      appParts,
      ["Smoke", appParts[0]!],
      ...appParts.map((p) => [p]),
    ]) {
      expect(added(folders, withApp), folders.join(", ")).toEqual([]);
    }
    // Newman matches a name to its first request: with an app folder first, these are the app's,
    // whose own folders delete what they create.
    for (const name of ["Add record", "Add records", "Create cursor", "Add comment"]) {
      expect(selectedRequests(withApp.item, [name])[0]?.id, name).not.toBe(catalogId(name));
      expect(added([name], withApp), name).toEqual([]);
    }
    // The catalog's, by id or by folder, still get theirs.
    expect(added([catalogId("Add record"), "Record comments"], withApp)).toEqual([
      "Bulk request: newRecordId",
    ]);
  });

  it("adds nothing to a collection without a radius map (not generated by kintone-postman)", () => {
    const plain = { item: collection.item };
    expect(added(["Records"], plain)).toEqual([]);
  });
});

describe("DELETED_BY", () => {
  const names = catalogRequests.map((item) => item.name);
  it("names, for variables the run captures, catalog requests that act on that id alone", () => {
    for (const [variable, { request }] of DELETED_BY) {
      const creator = CAPTURED_BY.get(variable);
      expect(creator, variable).toBeDefined();
      const deleter = operations.find((op) => op.name === request);
      expect(deleter?.radius, request).toBe("own-data");
      expect(deleter?.readOnly, request).toBe(false);
      // The id it deletes is the captured one, never the user's recordId, spaceId or pluginId.
      const sent = JSON.stringify([deleter?.query, deleter?.body]);
      expect(sent, request).toContain(`{{${variable}}}`);
      expect(sent, request).not.toMatch(/\{\{(recordId|spaceId|pluginId)\}\}/);
      // Newman runs the selected requests in collection order: the deleter must come after.
      expect(names.indexOf(request), request).toBeGreaterThan(names.indexOf(creator!));
    }
  });
});

describe("selectedRequests", () => {
  // postman-runtime's own lookup, which Newman uses for several --folder values.
  const require = createRequire(import.meta.url);
  const { extractRunnableItems } =
    require("postman-runtime/lib/runner/extract-runnable-items.js") as {
      extractRunnableItems(
        collection: sdk.Collection,
        entrypoint: { execute: string[]; lookupStrategy: string },
        callback: (error: Error | null, items: sdk.Item[]) => void,
      ): void;
    };
  function newmanRuns(of: CollectionJson, entryPoints: string[]): string[] {
    let ids: string[] = [];
    extractRunnableItems(
      new sdk.Collection(of as sdk.CollectionDefinition),
      { execute: entryPoints, lookupStrategy: "multipleIdOrName" },
      (error, items) => {
        if (error) throw error;
        ids = items.map((item) => item.id);
      },
    );
    return ids;
  }

  it("picks what Newman runs, in its order, with the added deleters last", () => {
    const cases: [CollectionJson, string[]][] = [
      [collection, ["Records"]],
      [collection, ["Add record", "Smoke"]],
      [collection, ["Get app", "Bulk request"]],
      [collection, ["Records", "Add record", catalogId("Bulk request")]],
      [collection, ["Create space from template", "Add comment", catalogId("Delete comment")]],
      [withApp, ["Add record", "Smoke"]],
      // A request inside a subfolder of a named folder, named too, runs twice (as Newman does).
      [withApp, [appFolderName, "Create cursor", catalogId("Add records")]],
      [withApp, [appParts[1]!, "Records", "Add comment"]],
    ];
    for (const [of, entryPoints] of cases) {
      const deleters = deletersToAdd(of, entryPoints).map((deleter) => deleter.id);
      const withDeleters = [...entryPoints, ...deleters];
      const ours = selectedRequests(of.item, withDeleters).map((item) => item.id);
      expect(ours, entryPoints.join(", ")).toEqual(newmanRuns(of, withDeleters));
    }
    const run = newmanRuns(collection, [
      "Records",
      ...deletersToAdd(collection, ["Records"]).map((deleter) => deleter.id),
    ]);
    expect(run.at(-1)).toBe(catalogId("Bulk request"));
    expect(run).toContain(catalogId("Add record"));
  });
});
