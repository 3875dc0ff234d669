import { environmentBeside } from "../collection/names.js";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { DEFAULT_COLLECTION } from "./options.js";

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

export interface VariableJson {
  key?: string;
  value?: unknown;
  /** Newman honours `disabled`; it ignores `enabled: false`. */
  disabled?: boolean;
}

export interface EnvironmentJson {
  values?: VariableJson[];
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
    collection: await readJson(collectionPath, "collection", collection === undefined),
  };
  if (environmentPath !== undefined) {
    inputs.environmentPath = environmentPath;
    inputs.environment = await readEnvironment(environmentPath);
  }
  return inputs;
}

export function readEnvironment(path: string): Promise<EnvironmentJson> {
  return readJson(path, "environment", false);
}

/** `x.postman_collection.json` → `x.postman_environment.json`, when that file exists. */
export function siblingEnvironment(collectionPath: string): string | undefined {
  if (isUrl(collectionPath)) return undefined;
  const candidate = environmentBeside(collectionPath);
  return candidate !== collectionPath && existsSync(candidate) ? candidate : undefined;
}

async function readJson<T extends object>(
  path: string,
  what: string,
  isDefault: boolean,
): Promise<T> {
  let text: string;
  try {
    text = isUrl(path) ? await download(path, what) : await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      const fix = isDefault ? ': run "kintone-postman generate" first, or name a collection' : "";
      throw new UsageError(`${what} "${path}" not found${fix}`);
    }
    throw new UsageError(`cannot read ${what} "${path}" (${code ?? "unknown error"})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} "${path}" is not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} "${path}" is not a Postman ${what}`);
  }
  return value as T;
}

/** A variable's value as Newman would use it: disabled entries do not count. */
export function variableValue(values: VariableJson[] | undefined, key: string): string | undefined {
  const found = values?.find((v) => v.key === key && v.disabled !== true);
  return typeof found?.value === "string" && found.value !== "" ? found.value : undefined;
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

/** A collection or environment may be an http(s) URL, which Newman fetches; so does `run`. */
function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

async function download(url: string, what: string): Promise<string> {
  // The query may carry an API key: messages show the address without it.
  const shown = url.replace(/[?#].*$/, "");
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new UsageError(`cannot fetch ${what} ${shown} (${cause ?? (error as Error).message})`);
  }
  if (!response.ok) throw new UsageError(`cannot fetch ${what} ${shown}: HTTP ${response.status}`);
  return response.text();
}
