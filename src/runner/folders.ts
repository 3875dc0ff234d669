import { UsageError } from "../errors.js";
import { itemNames, type CollectionJson, type ItemJson } from "./inputs.js";
import { SMOKE_FOLDER } from "./options.js";
import { appReadsFolderName } from "../files/names.js";

/**
 * What to run. Safe by default: the read-only Smoke folder, since other folders create, change
 * and delete data. `--all` runs everything (undefined: no Newman entry point). Names are checked
 * here because Newman would only fail once the run has started.
 */
export function foldersToRun(
  collection: CollectionJson,
  collectionPath: string,
  folders: readonly string[] = [],
  all = false,
): string[] | undefined {
  if (all) {
    if (folders.length > 0)
      throw new UsageError("--all runs every folder: drop --folder, or --all");
    return undefined;
  }
  const names = itemNames(collection.item);
  if (folders.length === 0) {
    if (!names.has(SMOKE_FOLDER)) {
      throw new UsageError(
        `"${collectionPath}" has no ${SMOKE_FOLDER} folder: name one with --folder, or run everything with --all`,
      );
    }
    return [SMOKE_FOLDER];
  }
  const unknown = folders.find((folder) => !names.has(folder));
  if (unknown !== undefined) {
    throw new UsageError(`"${collectionPath}" has no folder or request named "${unknown}"`);
  }
  return [...folders];
}

/**
 * The collection with only the top-level items that hold the folders to run. Newman would build
 * its object model for every request of the collection, even those it will not run; a generated
 * collection has a couple of hundred, the Smoke folder seven. Collection scripts, variables and
 * auth stay, and Newman still selects the folders by name, so the run is the same.
 */
export function pruneToFolders(
  collection: CollectionJson,
  folders: readonly string[] | undefined,
): CollectionJson {
  if (folders === undefined) return collection;
  const wanted = new Set(folders);
  const holdsWanted = (item: ItemJson) => [...itemNames([item])].some((name) => wanted.has(name));
  return { ...collection, item: collection.item?.filter(holdsWanted) };
}

/**
 * `run --app 12` on a collection generated with `--app 12`: besides Smoke, the app's reads folder
 * (its read requests and the form contract test) runs too. Only when the folders are the default
 * Smoke: named folders and `--all` mean what they say.
 */
export function withAppReads(
  collection: CollectionJson,
  folders: string[] | undefined,
  namedFolders: readonly string[] | undefined,
  appId: string | undefined,
): string[] | undefined {
  if (folders === undefined || (namedFolders ?? []).length > 0 || appId === undefined)
    return folders;
  const reads = appReadsFolderName(appId.trim());
  return itemNames(collection.item).has(reads) ? [...folders, reads] : folders;
}
