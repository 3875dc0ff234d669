/**
 * The variables of the generated environment: their keys, which are secret, and which connection
 * setting fills each. The collection's scripts, the environment writer and the runner's overrides
 * all read this table.
 */
export const EnvKey = {
  baseUrl: "baseUrl",
  authMethod: "authMethod",
  username: "username",
  password: "password",
  apiToken: "apiToken",
  oauthToken: "oauthToken",
  basicAuthUsername: "basicAuthUsername",
  basicAuthPassword: "basicAuthPassword",
  guestSpaceId: "guestSpaceId",
  appId: "appId",
  recordId: "recordId",
} as const;

/**
 * Variables the collection itself carries; the environment leaves them out. The pre-request
 * script sets `apiRoot` (`v1` or `guest/{id}/v1`) before every request.
 */
export const CollectionVariable = {
  apiRoot: "apiRoot",
  kintoneErrorHints: "kintoneErrorHints",
} as const;

export type EnvKeyName = (typeof EnvKey)[keyof typeof EnvKey];

/** Never written to disk unless the user asks (`--include-secrets`), never printed. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  EnvKey.password,
  EnvKey.apiToken,
  EnvKey.oauthToken,
  EnvKey.basicAuthPassword,
]);

export const AUTH_METHODS = ["auto", "password", "apiToken", "oauth"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Connection settings as the CLI collects them (flags or KINTONE_* env vars). */
export interface ConnectionSettings {
  baseUrl?: string;
  username?: string;
  password?: string;
  apiTokens?: string[];
  oauthToken?: string;
  basicAuthUsername?: string;
  basicAuthPassword?: string;
  guestSpaceId?: string;
  appId?: string;
}

/**
 * Connection settings as environment variable values. API tokens travel comma-joined, as kintone
 * reads them. Unset settings are left out.
 */
export function connectionVariables(settings: ConnectionSettings): Map<string, string> {
  const values = new Map<string, string>();
  const put = (key: EnvKeyName, value: string | undefined) => {
    if (value !== undefined && value !== "") values.set(key, value);
  };
  put(EnvKey.baseUrl, settings.baseUrl);
  put(EnvKey.username, settings.username);
  put(EnvKey.password, settings.password);
  put(EnvKey.apiToken, settings.apiTokens?.join(","));
  put(EnvKey.oauthToken, settings.oauthToken);
  put(EnvKey.basicAuthUsername, settings.basicAuthUsername);
  put(EnvKey.basicAuthPassword, settings.basicAuthPassword);
  put(EnvKey.guestSpaceId, settings.guestSpaceId);
  put(EnvKey.appId, settings.appId);
  return values;
}
