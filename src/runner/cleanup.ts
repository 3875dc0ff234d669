import { CAPTURED_BY, DELETED_BY } from "../environment/variables.js";
import { radiusMapOf } from "./blast-radius.js";
import type { CollectionJson, ItemJson } from "./inputs.js";

/** A deleting request a run adds so that what it creates does not outlive it. */
export interface AddedDeleter {
  /** The request's item id: Newman's entry points match it before any name. */
  id: string;
  name: string;
  /** The captured variables it acts on; emptied for the run, so only this run's ids fill them. */
  variables: string[];
  /** What it deletes, as the summary says it: `the record Add record created`. */
  deletes: string[];
}

/** The blast radius a request must have to be added: it acts only on what the run created. */
const OWN_DATA = "own-data";

interface CatalogRequest {
  id: string;
  /** Its place among the collection's requests: Newman runs what it selects in this order. */
  index: number;
}

/**
 * The deleting requests (DELETED_BY) a run of `folders` must add because it selects a request
 * that creates something (CAPTURED_BY) and not the request that deletes it: `--folder Records`
 * adds Bulk request, which deletes the record Add record created. None for a whole run (`folders`
 * undefined: every deleter runs anyway) or for a collection without a radius map. Only the
 * catalog's requests count (the ids in the radius map): an app folder's Add record or Create
 * cursor has its own deletes in its own folder. A deleter is added only when it comes after its
 * creator (Newman runs the selected requests in collection order) and its radius is own data.
 */
export function deletersToAdd(
  collection: CollectionJson,
  folders: readonly string[] | undefined,
): AddedDeleter[] {
  if (folders === undefined) return [];
  const radius = radiusMapOf(collection)?.items;
  if (radius === undefined) return [];
  const all = requestsOf(collection.item);
  const catalog = new Map<string, CatalogRequest>();
  all.forEach((item, index) => {
    const id = item.id ?? "";
    if (radius[id] !== undefined && !catalog.has(item.name ?? "")) {
      catalog.set(item.name ?? "", { id, index });
    }
  });
  const selected = selectedRequests(collection.item, folders);
  const selectedIds = new Set(selected.map((item) => item.id));
  const added = new Map<string, AddedDeleter & { index: number }>();
  for (const creator of selected) {
    const name = creator.name ?? "";
    const at = catalog.get(name);
    if (at === undefined || at.id !== creator.id) continue;
    for (const [variable, producer] of CAPTURED_BY) {
      const deletes = producer === name ? DELETED_BY.get(variable) : undefined;
      const deleter = deletes && catalog.get(deletes.request);
      if (!deletes || !deleter || selectedIds.has(deleter.id)) continue;
      if (deleter.index < at.index || radius[deleter.id] !== OWN_DATA) continue;
      const entry = added.get(deleter.id) ?? {
        id: deleter.id,
        name: deletes.request,
        variables: [],
        deletes: [],
        index: deleter.index,
      };
      entry.variables.push(variable);
      const what = `the ${deletes.what} ${name} created`;
      if (!entry.deletes.includes(what)) entry.deletes.push(what);
      added.set(deleter.id, entry);
    }
  }
  return [...added.values()]
    .sort((a, b) => a.index - b.index)
    .map(({ id, name, variables, deletes }) => ({ id, name, variables, deletes }));
}

/**
 * The requests Newman runs for these entry points, as postman-runtime's `multipleIdOrName` lookup
 * finds them: in collection order, each name or id matching its first item only (an id before a
 * name), a matched folder bringing all its requests.
 */
export function selectedRequests(
  items: readonly ItemJson[] | undefined,
  entryPoints: readonly string[],
): ItemJson[] {
  const left = new Set(entryPoints);
  const found: ItemJson[] = [];
  const visit = (level: readonly ItemJson[] | undefined, collecting: boolean) => {
    for (const item of level ?? []) {
      if (left.size === 0) return;
      const match = [item.id, item.name].find((key) => key !== undefined && left.has(key));
      if (match !== undefined) {
        left.delete(match);
        if (collecting) found.push(...requestsOf([item]));
      }
      // As postman-runtime does: only a matched item's children stop collecting, so a request
      // named beside a folder two levels above it runs twice.
      visit(item.item, match === undefined);
    }
  };
  visit(items, true);
  return found;
}

/** Every request (leaf) under these items, in collection order. */
function requestsOf(items: readonly ItemJson[] | undefined): ItemJson[] {
  return (items ?? []).flatMap((item) =>
    item.item === undefined ? [item] : requestsOf(item.item),
  );
}
