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

/**
 * The same advice for a command-line user (`generate --app`), who fixes flags rather than
 * environment variables. Codes missing here fall back to `kintoneErrorHints`.
 */
export const flagHints: Readonly<Record<string, string>> = {
  CB_AU01: "no credentials reached kintone: pass --username and --password, or --api-token",
  CB_WA01: "wrong login name or password: check --username and --password",
  GAIA_IA02: "the API token belongs to another app: give each app's token (--api-token t1,t2)",
  GAIA_IL23: "app is in a guest space: pass --guest-space-id",
  GAIA_AP01: "no such app, or no permission to it: check --app",
  CB_NO02: "no permission: the user or token may not read this app's settings",
  GAIA_NO01: "the API token lacks the permission this call needs (reading the app's settings)",
};

export function flagHintFor(code: string): string | undefined {
  return Object.hasOwn(flagHints, code) ? flagHints[code] : hintFor(code);
}
