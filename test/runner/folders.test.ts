import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { foldersToRun, pruneToFolders } from "../../src/runner/folders.js";
import type { CollectionJson } from "../../src/runner/inputs.js";

const collection: CollectionJson = {
  variable: [{ key: "baseUrl", value: "https://example.cybozu.com" }],
  item: [
    { name: "Smoke", item: [{ name: "Get app", id: "app-get" }] },
    { name: "Records", item: [{ name: "Bulk", item: [{ name: "Delete records" }] }] },
    { name: "Apps", item: [{ name: "Get apps" }] },
  ],
};

describe("foldersToRun", () => {
  it("runs only the Smoke folder by default", () => {
    expect(foldersToRun(collection, "c.json")).toEqual(["Smoke"]);
  });

  it("runs everything with --all, and refuses --all with --folder", () => {
    expect(foldersToRun(collection, "c.json", [], true)).toBeUndefined();
    expect(() => foldersToRun(collection, "c.json", ["Apps"], true)).toThrow(UsageError);
  });

  it("accepts nested folders, requests and ids, and names the unknown one", () => {
    expect(foldersToRun(collection, "c.json", ["Bulk", "app-get"])).toEqual(["Bulk", "app-get"]);
    expect(() => foldersToRun(collection, "c.json", ["Apps", "Nope"])).toThrow(
      /"c.json" has no folder or request named "Nope"/,
    );
  });

  it("explains a collection without a Smoke folder", () => {
    expect(() => foldersToRun({ item: [{ name: "Apps" }] }, "c.json")).toThrow(/--all/);
  });
});

describe("pruneToFolders", () => {
  it("keeps the top-level items that hold a folder to run, and the collection's variables", () => {
    const pruned = pruneToFolders(collection, ["Delete records", "app-get"]);
    expect(pruned.item?.map((item) => item.name)).toEqual(["Smoke", "Records"]);
    expect(pruned.variable).toBe(collection.variable);
    expect(collection.item).toHaveLength(3); // the input is left as it was
  });

  it("keeps everything when everything runs", () => {
    expect(pruneToFolders(collection, undefined)).toBe(collection);
  });
});
