import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { buildCollection } from "../../src/collection/build-collection.js";
import { scriptPath } from "../../src/collection/scripts.js";
import {
  ADDED_RECORD_VARIABLE,
  CAPTURED_BY,
  CAPTURED_VARIABLES,
} from "../../src/environment/variables.js";
import { UsageError } from "../../src/errors.js";
import { selectByRadius } from "../../src/runner/blast-radius.js";
import { itemNames, type CollectionJson, type ItemJson } from "../../src/runner/inputs.js";

const catalog = loadCatalog();
const collection = buildCollection(catalog, {
  name: "kintone",
  baseUrl: "https://example.cybozu.com",
}) as CollectionJson;
const operations = catalog.areas.flatMap((area) => area.operations);

/** Request names, leaves only, in collection order. */
function requests(items: readonly ItemJson[] | undefined): string[] {
  return (items ?? []).flatMap((item) =>
    item.item === undefined ? [item.name ?? ""] : requests(item.item),
  );
}

describe("selectByRadius", () => {
  it("sends reads and own data only in a whole run, and names every other request", () => {
    const { collection: kept, skipped } = selectByRadius(collection, undefined, false);
    const safe = operations.filter((op) => op.radius === "reads" || op.radius === "own-data");
    const keptNames = requests(kept.item);
    expect(keptNames).toHaveLength(catalog.smoke.length + safe.length);
    for (const op of operations) {
      expect(keptNames.includes(op.name), op.id).toBe(
        op.radius === "reads" || op.radius === "own-data",
      );
    }
    const byRadius = (radius: string, deploy = false) =>
      operations
        .filter((op) => op.radius === radius && (op.deploy ?? false) === deploy)
        .map((op) => op.name);
    expect(skipped.get("settings")).toEqual(byRadius("settings"));
    expect(skipped.get("existing-data")).toEqual(byRadius("existing-data"));
    expect(skipped.get("deploy")).toEqual(byRadius("settings", true));
    expect(skipped.get("deploy")).toContain("Deploy app settings");
  });

  it("with --allow-settings-changes sends everything but deploys", () => {
    const { collection: kept, skipped } = selectByRadius(collection, undefined, true);
    expect(requests(kept.item)).toHaveLength(catalog.smoke.length + operations.length - 4);
    expect([...skipped.keys()]).toEqual(["deploy"]);
  });

  it("runs named folders as named, but a deploy only when named itself", () => {
    const inFolder = selectByRadius(collection, ["App settings"], false);
    expect(requests(inFolder.collection.item)).not.toContain("Deploy app settings");
    expect(requests(inFolder.collection.item)).toContain("Add form fields");
    expect(inFolder.skipped.get("deploy")).toEqual(["Deploy app settings"]);
    // Deploys in folders that are not run are not worth a line.
    expect(selectByRadius(collection, ["Smoke"], false).skipped.size).toBe(0);
    const named = selectByRadius(collection, ["Deploy app settings"], false);
    expect(requests(named.collection.item)).toContain("Deploy app settings");
    expect(named.skipped.size).toBe(0);
  });

  it("leaves a collection without a radius map as it is, and refuses a damaged map", () => {
    const plain: CollectionJson = { item: [{ name: "Mine", id: "x" }] };
    expect(selectByRadius(plain, undefined, false)).toEqual({
      collection: plain,
      skipped: new Map(),
    });
    const damaged: CollectionJson = {
      ...plain,
      variable: [{ key: "kintoneBlastRadius", value: "{not json" }],
    };
    expect(() => selectByRadius(damaged, undefined, false)).toThrow(UsageError);
  });

  it("skips a request the map does not know (added by hand) in a whole run", () => {
    const added: CollectionJson = {
      ...collection,
      item: [...(collection.item ?? []), { name: "My own request", id: "mine" }],
    };
    const { collection: kept, skipped } = selectByRadius(added, undefined, false);
    expect(itemNames(kept.item).has("My own request")).toBe(false);
    expect(skipped.get("unknown")).toEqual(["My own request"]);
  });
});

describe("variables the test script captures", () => {
  it("are the ones the runner treats as set by the run", () => {
    const script = readFileSync(scriptPath("test"), "utf8");
    const start = script.indexOf("const captures = {");
    const table = script.slice(start, script.indexOf("};", start));
    const names = [...table.matchAll(/: \["(\w+)"/g)].map((m) => m[1]!);
    // A list of ids sets numbered variables (batchRecordId1, batchRecordId2).
    const expanded = names.flatMap((name) =>
      name === "batchRecordId" ? ["batchRecordId1", "batchRecordId2"] : [name],
    );
    expect(new Set(expanded)).toEqual(CAPTURED_VARIABLES);
    // The record the run added, which a run also starts without (runner/variables.ts).
    expect(script).toContain(`pm.environment.set("${ADDED_RECORD_VARIABLE}"`);
  });

  it("name the catalog request that sets each, as the summary tells the user", () => {
    const script = readFileSync(scriptPath("test"), "utf8");
    const operations = catalog.areas.flatMap((area) => area.operations);
    for (const [variable, producer] of CAPTURED_BY) {
      const operation = operations.find((op) => op.name === producer);
      expect(operation, producer).toBeDefined();
      const base = variable.replace(/\d$/, "");
      expect(script).toContain(`"${operation!.method} ${operation!.path}": ["${base}"`);
    }
  });
});
