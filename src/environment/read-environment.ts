import { existsSync } from "node:fs";
import { environmentBeside } from "../files/names.js";
import { readJsonObject } from "../files/read-json.js";

export interface VariableJson {
  key?: string;
  value?: unknown;
  /** Newman honours `disabled`; it ignores `enabled: false`. */
  disabled?: boolean;
}

/** The part of a Postman environment file that `run` and `doctor` read. */
export interface EnvironmentJson {
  values?: VariableJson[];
}

export function readEnvironment(path: string): Promise<EnvironmentJson> {
  return readJsonObject(path, "environment");
}

/** `x.postman_collection.json` → `x.postman_environment.json`, when that file exists. */
export function siblingEnvironment(collectionPath: string): string | undefined {
  const candidate = environmentBeside(collectionPath);
  return candidate !== collectionPath && existsSync(candidate) ? candidate : undefined;
}

/** A variable's value as Newman would use it: disabled entries do not count. */
export function variableValue(values: VariableJson[] | undefined, key: string): string | undefined {
  const found = values?.find((v) => v.key === key && v.disabled !== true);
  return typeof found?.value === "string" && found.value !== "" ? found.value : undefined;
}
