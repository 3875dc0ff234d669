import type { Catalog } from "../catalog/types.js";

/**
 * The collection's `kintoneNoApiToken` variable: the ids of the requests kintone refuses to take
 * an API token for (catalog `apiToken: false`). The pre-request script skips them, with one line,
 * when it would sign with an API token, rather than send a request bound to fail with GAIA_NO01.
 */
export function apiTokenRefusedIds(
  catalog: Catalog,
  itemId: (kind: "smoke" | "item", operationId: string) => string,
): string[] {
  const operations = catalog.areas.flatMap((area) => area.operations);
  const refused = new Set(operations.filter((op) => op.apiToken === false).map((op) => op.id));
  return [
    ...catalog.smoke
      .filter((entry) => refused.has(entry.operation))
      .map((e) => itemId("smoke", e.operation)),
    ...[...refused].map((operationId) => itemId("item", operationId)),
  ];
}
