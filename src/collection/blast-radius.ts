import type { BlastRadius, Catalog } from "../catalog/types.js";

/**
 * What `run` reads from a collection to decide what a whole run may send: each request's blast
 * radius by item id, and the requests that deploy. Carried as the collection variable
 * `kintoneBlastRadius`, so a collection file alone is enough to run it safely.
 */
export interface BlastRadiusMap {
  items: Record<string, BlastRadius>;
  deploys: string[];
}

/** `itemId(kind, operationId)` is the id the collection gives that request. */
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
