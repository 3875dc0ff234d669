import {
  readEnvironment,
  siblingEnvironment,
  type EnvironmentJson,
  type VariableJson,
} from "../environment/read-environment.js";
import { DEFAULT_COLLECTION } from "../files/names.js";
import { readJsonObject } from "../files/read-json.js";

export type { EnvironmentJson, VariableJson };

/** The parts of a Postman v2.1 collection the runner reads; Newman gets the whole object. */
export interface CollectionJson {
  item?: ItemJson[];
  variable?: VariableJson[];
}

export interface ItemJson {
  id?: string;
  name?: string;
  item?: ItemJson[];
}

export interface RunInputs {
  collectionPath: string;
  collection: CollectionJson;
  environmentPath?: string;
  environment?: EnvironmentJson;
}

/**
 * Reads the collection and its environment once, up front: the runner needs the base URL and the
 * folder names before Newman starts, and Newman takes the parsed objects as they are.
 */
export async function loadInputs(collection?: string, environment?: string): Promise<RunInputs> {
  const collectionPath = collection ?? DEFAULT_COLLECTION;
  const environmentPath = environment ?? siblingEnvironment(collectionPath);
  const inputs: RunInputs = {
    collectionPath,
    collection: await readJsonObject(
      collectionPath,
      "collection",
      collection === undefined
        ? ': run "kintone-postman generate" first, or name a collection'
        : "",
    ),
  };
  if (environmentPath !== undefined) {
    inputs.environmentPath = environmentPath;
    inputs.environment = await readEnvironment(environmentPath);
  }
  return inputs;
}

/** Names and ids of every folder and request, at any depth: what Newman's `--folder` matches. */
export function itemNames(items: readonly ItemJson[] | undefined): Set<string> {
  const names = new Set<string>();
  const visit = (level: readonly ItemJson[] | undefined) => {
    for (const item of level ?? []) {
      if (item.name !== undefined) names.add(item.name);
      if (item.id !== undefined) names.add(item.id);
      visit(item.item);
    }
  };
  visit(items);
  return names;
}
