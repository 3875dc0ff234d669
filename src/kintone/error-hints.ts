import { KintoneEnvVar } from "./env-vars.js";

/**
 * What to do about the kintone error codes users meet most. The generated collection's test
 * script receives this table through a collection variable; the runner and `doctor` read it here.
 */
export const kintoneErrorHints: Readonly<Record<string, string>> = {
  CB_AU01: "no credentials reached kintone: set password, apiToken or oauthToken",
  CB_WA01: "wrong login name or password: check username and password",
  GAIA_IA02: "the API token does not match the app: check apiToken and appId",
  GAIA_IL23: "the app is in a guest space: set guestSpaceId",
  CB_NO02:
    "no permission: the user or token lacks the permission this call needs (with guestSpaceId set: the app is not in that guest space)",
  GAIA_AP01: "no such app, or it was deleted: check appId",
  GAIA_RE01: "no such record: check recordId",
  CB_VA01: "the request failed validation: see the errors of the response",
  GAIA_NO01: "the API token lacks the permission this call needs, or this call takes no token",
  CB_OA01: "the OAuth access token is not valid or has expired: get a new oauthToken",
};

export function hintFor(code: string): string | undefined {
  return Object.hasOwn(kintoneErrorHints, code) ? kintoneErrorHints[code] : undefined;
}

/** A setting as a command-line user gives it: the flag, then the variable that defaults it. */
function setting(flag: string, envVar: string): string {
  return `${flag} (${envVar})`;
}

const LOGIN = `${setting("-u/--username", KintoneEnvVar.username)} and ${setting("-p/--password", KintoneEnvVar.password)}`;
const API_TOKEN = setting("--api-token", KintoneEnvVar.apiToken);
const OAUTH_TOKEN = setting("--oauth-token", KintoneEnvVar.oauthToken);
const BASIC_AUTH = `${setting("--basic-auth-username", KintoneEnvVar.basicAuthUsername)} and ${setting("--basic-auth-password", KintoneEnvVar.basicAuthPassword)}`;

/**
 * The same advice for a command-line user (`run`'s summary, `doctor`), naming the flag and the
 * KINTONE_* variable to set. Codes missing here fall back to `kintoneErrorHints`.
 */
export const commandHints: Readonly<Record<string, string>> = {
  CB_AU01: `no credentials reached kintone: pass ${LOGIN}, ${API_TOKEN}, or ${OAUTH_TOKEN}`,
  CB_WA01: `wrong login name or password: check ${LOGIN}`,
  GAIA_IA02: `the API token does not match the app: check ${API_TOKEN} and --app`,
  GAIA_IL23: `the app is in a guest space: pass ${setting("--guest-space-id", KintoneEnvVar.guestSpaceId)}`,
  GAIA_AP01: "no such app, or it was deleted: check --app",
  GAIA_RE01: "no such record: check recordId (--env-var recordId=…)",
  GAIA_NO01: `the API token lacks the permission this call needs, or this call takes no token: check ${API_TOKEN}, or sign in with ${LOGIN}`,
  CB_OA01: `the OAuth access token is not valid or has expired: get a new one for ${OAUTH_TOKEN}`,
};

export function commandHintFor(code: string): string | undefined {
  return Object.hasOwn(commandHints, code) ? commandHints[code] : hintFor(code);
}

/** A 401 with no kintone code: the server in front of kintone refused it (Basic authentication). */
export function basicAuthHint(given: boolean): string {
  return given
    ? `Basic authentication in front of kintone refused it: check ${BASIC_AUTH}`
    : `Basic authentication in front of kintone is missing or wrong: pass ${BASIC_AUTH}`;
}

/** Requests kintone takes no API token for, skipped in a run that signs with one. */
export const NO_API_TOKEN_HINT = `kintone takes no API token for them: sign in with ${LOGIN}`;

/** A password with no login name to go with it (`run`, `doctor`). */
export const PASSWORD_WITHOUT_LOGIN = `a password needs a login name: pass -u/--username or set ${KintoneEnvVar.username}`;

/**
 * The advice for `generate --app`, which reads app settings. Codes missing here fall back to
 * `commandHints`.
 */
export const flagHints: Readonly<Record<string, string>> = {
  GAIA_IA02: `the API token belongs to another app: give each app's token (--api-token t1,t2, or ${KintoneEnvVar.apiToken})`,
  GAIA_AP01: "no such app, or no permission to it: check --app",
  CB_NO02: "no permission: the user or token may not read this app's settings",
  GAIA_NO01: "the API token lacks the permission this call needs (reading the app's settings)",
};

export function flagHintFor(code: string): string | undefined {
  return Object.hasOwn(flagHints, code) ? flagHints[code] : commandHintFor(code);
}
