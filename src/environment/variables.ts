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
  /** Each request's blast radius, which `run` reads (see collection/blast-radius.ts). */
  kintoneBlastRadius: "kintoneBlastRadius",
  /** Ids of the requests kintone takes no API token for; the pre-request script skips them then. */
  kintoneNoApiToken: "kintoneNoApiToken",
} as const;

/**
 * Variables the collection's test script sets from what a request of the run created
 * (templates/scripts/test.js, `captures`; a test holds the two together), each with the request
 * that creates it, as the catalog names it. A request that needs one of them waits for that
 * request, rather than for the user.
 */
export const CAPTURED_BY: ReadonlyMap<string, string> = new Map([
  ["cursorId", "Create cursor"],
  ["newRecordId", "Add record"],
  ["batchRecordId1", "Add records"],
  ["batchRecordId2", "Add records"],
  ["commentId", "Add comment"],
  ["threadId", "Add thread"],
  ["newSpaceId", "Create space from template"],
  ["uploadedFileKey", "Upload file"],
  ["newPluginId", "Install plug-in"],
]);

export const CAPTURED_VARIABLES: ReadonlySet<string> = new Set(CAPTURED_BY.keys());

/**
 * The app and id of the record the run added last, as JSON (templates/scripts/test.js sets it):
 * Upload file attaches its upload to that record only.
 */
export const ADDED_RECORD_VARIABLE = "kintoneAddedRecord";

/**
 * What deletes what a run created: for each variable of CAPTURED_BY whose thing would outlive
 * the run, the catalog request that deletes it (acting on that variable's id alone, later in the
 * collection than its creator) and what it is, as the summary names it. A run that selects the
 * creator but not its deleter runs the deleter too, last (src/runner/cleanup.ts). A test holds
 * this table to the catalog.
 *
 * Left out on purpose: `threadId` (kintone deletes no thread; it goes with its space),
 * `uploadedFileKey` (an upload only attaches: kintone drops an unattached key by itself, and an
 * attached one goes with the run's record) and `newPluginId`. Installing a plug-in is a settings
 * change that takes the user's own plug-in zip (sent with Upload file in place of the sample):
 * whoever names Install plug-in means to have that plug-in afterwards, and undoing the install
 * at once would make the request pointless. A run of the whole Plugins folder still uninstalls
 * it: that folder holds Uninstall plug-in.
 */
export const DELETED_BY: ReadonlyMap<string, { request: string; what: string }> = new Map([
  ["cursorId", { request: "Delete cursor", what: "cursor" }],
  ["newRecordId", { request: "Bulk request", what: "record" }],
  ["batchRecordId1", { request: "Delete records", what: "records" }],
  ["batchRecordId2", { request: "Delete records", what: "records" }],
  ["commentId", { request: "Delete comment", what: "comment" }],
  ["newSpaceId", { request: "Delete space", what: "space" }],
]);

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

/** The environment variable each connection setting fills. */
const SETTING_KEYS = {
  baseUrl: EnvKey.baseUrl,
  username: EnvKey.username,
  password: EnvKey.password,
  apiTokens: EnvKey.apiToken,
  oauthToken: EnvKey.oauthToken,
  basicAuthUsername: EnvKey.basicAuthUsername,
  basicAuthPassword: EnvKey.basicAuthPassword,
  guestSpaceId: EnvKey.guestSpaceId,
  appId: EnvKey.appId,
} as const satisfies Record<keyof ConnectionSettings, EnvKeyName>;

const SETTINGS = Object.entries(SETTING_KEYS) as [keyof ConnectionSettings, EnvKeyName][];

/**
 * Connection settings as environment variable values. API tokens travel comma-joined, as kintone
 * reads them. Unset settings are left out.
 */
export function connectionVariables(settings: ConnectionSettings): Map<string, string> {
  const values = new Map<string, string>();
  for (const [setting, key] of SETTINGS) {
    const value = settings[setting];
    const text = Array.isArray(value) ? value.join(",") : value;
    if (text !== undefined && text !== "") values.set(key, text);
  }
  return values;
}

/** The reverse: connection settings from environment variable values (empty ones are unset). */
export function connectionSettingsFrom(
  value: (key: EnvKeyName) => string | undefined,
): ConnectionSettings {
  const settings: ConnectionSettings = {};
  for (const [setting, key] of SETTINGS) {
    const text = value(key);
    if (text === undefined || text === "") continue;
    if (setting === "apiTokens") settings.apiTokens = text.split(",");
    else settings[setting] = text;
  }
  return settings;
}
