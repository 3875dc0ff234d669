import {
  AUTH_METHODS,
  EnvKey,
  connectionSettingsFrom,
  type AuthMethod,
  type ConnectionSettings,
  type EnvKeyName,
} from "./variables.js";

export type SignInMethod = Exclude<AuthMethod, "auto">;

export interface MergedConnection {
  /** The environment file's settings, each replaced by its override when one is given. */
  settings: ConnectionSettings;
  /** How requests sign in: what the overrides' credentials chose, else the file's `authMethod`. */
  authMethod: AuthMethod;
  /** True when the overrides chose `authMethod`; the file's own choice then no longer counts. */
  methodOverridden: boolean;
}

/**
 * The connection `run` and `doctor` use: the environment file's variables (`fileValue`),
 * overridden key by key by flags and KINTONE_* variables, so `--password` completes a login name
 * saved by `generate --username`. Credentials among the overrides decide the sign-in method,
 * whatever the file holds: `--api-token` must not lose to a password saved in the environment,
 * and a login name alone is no credential.
 */
export function mergeConnection(
  fileValue: (key: EnvKeyName) => string | undefined,
  overrides: ConnectionSettings = {},
): MergedConnection {
  const given = Object.entries(overrides).filter(([, value]) => isGiven(value));
  const settings: ConnectionSettings = {
    ...connectionSettingsFrom(fileValue),
    ...(Object.fromEntries(given) as ConnectionSettings),
  };
  const chosen = autoSignInMethod({
    username: settings.username,
    password: overrides.password,
    apiTokens: overrides.apiTokens,
    oauthToken: overrides.oauthToken,
  });
  if (chosen !== undefined) return { settings, authMethod: chosen, methodOverridden: true };
  const saved = fileValue(EnvKey.authMethod) as AuthMethod | undefined;
  const authMethod = saved !== undefined && AUTH_METHODS.includes(saved) ? saved : "auto";
  return { settings, authMethod, methodOverridden: false };
}

/**
 * The method `auto` stands for, in the collection's pre-request script's order: password (login
 * name and password), then API token, then OAuth.
 */
export function autoSignInMethod(settings: ConnectionSettings): SignInMethod | undefined {
  if (settings.username && settings.password) return "password";
  if (settings.apiTokens?.some((token) => token.trim() !== "")) return "apiToken";
  if (settings.oauthToken) return "oauth";
  return undefined;
}

// The CLI hands over unset flags as undefined and an absent token list as [].
function isGiven(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== "";
}
