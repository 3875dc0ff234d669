import type { Catalog } from "../catalog/types.js";
import type { BlastRadiusMap } from "../kintone/blast-radius.js";

/**
 * The collection's `kintoneBlastRadius` variable, from the catalog. `itemId(kind, operationId)`
 * is the id the collection gives that request.
 */
export function blastRadiusMap(
  catalog: Catalog,
  itemId: (kind: "smoke" | "item", operationId: string) => string,
): BlastRadiusMap {
  const map: BlastRadiusMap = { items: {}, deploys: [] };
  // Smoke entries are reads by the catalog's own check.
  for (const entry of catalog.smoke) map.items[itemId("smoke", entry.operation)] = "reads";
  for (const operation of catalog.areas.flatMap((area) => area.operations)) {
    const id = itemId("item", operation.id);
    map.items[id] = operation.radius;
    if (operation.deploy) map.deploys.push(id);
  }
  return map;
}
