import { describe, expect, it } from "vitest";
import { withAppReads } from "../../src/runner/folders.js";

const collection = {
  item: [
    { name: "Smoke", item: [] },
    { name: "App 12 · 案件管理", item: [{ name: "App 12 · reads", item: [] }] },
  ],
};

describe("run --app on a collection with app folders", () => {
  it("adds the app's reads folder to the default Smoke run", () => {
    expect(withAppReads(collection, ["Smoke"], [], "12")).toEqual(["Smoke", "App 12 · reads"]);
  });

  it("leaves named folders, --all, other apps and no --app as they are", () => {
    expect(withAppReads(collection, ["Smoke"], ["Smoke"], "12")).toEqual(["Smoke"]);
    expect(withAppReads(collection, undefined, [], "12")).toBeUndefined();
    expect(withAppReads(collection, ["Smoke"], [], "13")).toEqual(["Smoke"]);
    expect(withAppReads(collection, ["Smoke"], [], undefined)).toEqual(["Smoke"]);
  });
});
