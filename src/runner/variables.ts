import { UsageError } from "../errors.js";
import {
  EnvKey,
  connectionVariables,
  type AuthMethod,
  type ConnectionSettings,
} from "../environment/variables.js";

export interface VariableOverride {
  key: string;
  value: string;
}

/**
 * The environment variables to set for this run only, in the order Newman applies them (a later
 * entry wins): connection settings first, then `--env-var`. They go to Newman in memory and are
 * never written or printed.
 */
export function variableOverrides(
  connection: ConnectionSettings = {},
  envVars: readonly string[] = [],
): VariableOverride[] {
  const overrides = [...connectionVariables(connection)].map(([key, value]) => ({ key, value }));
  const method = authMethodOf(connection);
  if (method !== undefined) overrides.push({ key: EnvKey.authMethod, value: method });
  return [...overrides, ...envVars.map(parseEnvVar)];
}

/**
 * Credentials given for the run decide how it signs in, whatever the environment file holds:
 * `--api-token` must not lose to a password saved in the environment. Same precedence as the
 * collection's auto mode: password, then API token, then OAuth.
 */
function authMethodOf(connection: ConnectionSettings): AuthMethod | undefined {
  if (connection.username || connection.password) return "password";
  if (connection.apiTokens?.length) return "apiToken";
  if (connection.oauthToken) return "oauth";
  return undefined;
}

function parseEnvVar(pair: string): VariableOverride {
  const at = pair.indexOf("=");
  // The value may be a secret: the message shows the key only.
  if (at <= 0) throw new UsageError(`--env-var needs key=value, got "${pair.split("=")[0]}"`);
  return { key: pair.slice(0, at), value: pair.slice(at + 1) };
}

/** The last override of a key, as Newman will see it. */
export function overrideOf(
  overrides: readonly VariableOverride[],
  key: string,
): string | undefined {
  return overrides.filter((o) => o.key === key).pop()?.value;
}
