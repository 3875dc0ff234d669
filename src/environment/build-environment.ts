import type { Catalog } from "../catalog/types.js";
import { stableId } from "../files/stable-id.js";
import {
  CollectionVariable,
  EnvKey,
  SECRET_KEYS,
  connectionVariables,
  type ConnectionSettings,
} from "./variables.js";

export interface EnvironmentValue {
  key: string;
  value: string;
  type: "default" | "secret";
  enabled: true;
}

export interface EnvironmentFile {
  id: string;
  name: string;
  values: EnvironmentValue[];
  _postman_variable_scope: "environment";
}

/** Values the requests need that no connection setting fills. */
const STARTING_VALUES: Readonly<Record<string, string>> = {
  [EnvKey.authMethod]: "auto",
  lang: "default",
  // kintone skips its optimistic-locking check for revision -1; an empty value would be refused.
  revision: "-1",
};

/**
 * Postman's environment export format, written as plain JSON: the SDK's VariableScope drops the
 * `secret` type. Secrets are typed `secret` and stay empty unless `includeSecrets` is set.
 */
export function buildEnvironment(
  catalog: Catalog,
  options: {
    name: string;
    settings: ConnectionSettings;
    includeSecrets: boolean;
    /** Variables other requests use (the app folders'), added after the catalog's. */
    extraVariables?: readonly string[];
  },
): EnvironmentFile {
  const given = connectionVariables(options.settings);
  const keys = [
    ...Object.values(EnvKey),
    ...catalogVariables(catalog),
    ...(options.extraVariables ?? []),
  ];
  const values = [...new Set(keys)].map((key): EnvironmentValue => {
    const secret = SECRET_KEYS.has(key);
    const value = secret && !options.includeSecrets ? "" : (given.get(key) ?? "");
    return {
      key,
      value: value !== "" ? value : (STARTING_VALUES[key] ?? ""),
      type: secret ? "secret" : "default",
      enabled: true,
    };
  });
  return {
    id: stableId(options.name, "environment"),
    name: options.name,
    values,
    _postman_variable_scope: "environment",
  };
}

/** Every `{{variable}}` the catalog's requests use, sorted, so each one has an entry. */
function catalogVariables(catalog: Catalog): string[] {
  const text = JSON.stringify(catalog);
  const collectionOwned = new Set<string>(Object.values(CollectionVariable));
  const names = new Set<string>();
  // `{{name}}` in text, and `{"$json": "name"}` for a body value that a variable holds whole.
  const pattern = /\{\{([A-Za-z][A-Za-z0-9_]*)\}\}|"\$json":"([A-Za-z][A-Za-z0-9_]*)"/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[1] ?? match[2]!;
    if (!collectionOwned.has(name)) names.add(name);
  }
  return [...names].sort();
}
