import { UsageError } from "../errors.js";
import { mergeConnection } from "../environment/merge-connection.js";
import {
  ADDED_RECORD_VARIABLE,
  CAPTURED_VARIABLES,
  EnvKey,
  connectionVariables,
  type ConnectionSettings,
} from "../environment/variables.js";

export interface VariableOverride {
  key: string;
  value: string;
}

/**
 * The environment variables to set for this run only, in the order Newman applies them (a later
 * entry wins): stale captured ids emptied first, then connection settings, then `--env-var`.
 * Newman lays them over the environment file key by key; credentials among them also set
 * `authMethod`, chosen as `doctor` chooses it (`fileValue` reads the environment file). They go
 * to Newman in memory and are never written or printed.
 */
export function variableOverrides(
  connection: ConnectionSettings = {},
  envVars: readonly string[] = [],
  fileValue: (key: string) => string | undefined = () => undefined,
): VariableOverride[] {
  const overrides = [...connectionVariables(connection)].map(([key, value]) => ({ key, value }));
  const { authMethod, methodOverridden } = mergeConnection(fileValue, connection);
  if (methodOverridden) overrides.push({ key: EnvKey.authMethod, value: authMethod });
  return [...staleCaptures(fileValue), ...overrides, ...envVars.map(parseEnvVar)];
}

/**
 * What an earlier run captured, when the environment file holds it (an exported environment
 * keeps the ids a run created, and the app they were in): emptied, so that the requests that
 * change or delete act only on what this run creates, never on an id from another run or
 * another app. `--env-var` still sets one on purpose.
 */
function staleCaptures(fileValue: (key: string) => string | undefined): VariableOverride[] {
  return [...CAPTURED_VARIABLES, ADDED_RECORD_VARIABLE]
    .filter((key) => (fileValue(key) ?? "") !== "")
    .map((key) => ({ key, value: "" }));
}

function parseEnvVar(pair: string): VariableOverride {
  const at = pair.indexOf("=");
  // Whatever was given may be a secret (a value without its key): the message never repeats it.
  if (at <= 0) throw new UsageError("--env-var expects key=value: an entry has no key or no '='");
  return { key: pair.slice(0, at), value: pair.slice(at + 1) };
}

/** The last override of a key, as Newman will see it. */
export function overrideOf(
  overrides: readonly VariableOverride[],
  key: string,
): string | undefined {
  return overrides.filter((o) => o.key === key).pop()?.value;
}
