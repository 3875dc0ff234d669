import { randomBytes } from "node:crypto";

/** kintone's `errors` member: `{"record.Title.value": {"messages": ["Required."]}}`. */
export type FieldErrors = Record<string, { messages: string[] }>;

export interface KintoneErrorBody {
  code: string;
  id: string;
  message: string;
  errors?: FieldErrors;
}

/** An error kintone would answer with; handlers throw it and the server writes it. */
export class KintoneError extends Error {
  override readonly name = "KintoneError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldErrors,
  ) {
    super(message);
  }

  /** The response body; bulkRequest.json overrides it with its `results` form. */
  toBody(): object {
    const body: KintoneErrorBody = { code: this.code, id: errorId(), message: this.message };
    if (this.errors !== undefined) body.errors = this.errors;
    return body;
  }
}

/** kintone's error ids are 20 random letters and digits, different for every response. */
export function errorId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join("");
}

/**
 * Every error code the stub answers with, in one place. Codes and statuses are kintone's; the
 * messages are ours (kintone localises its own).
 */
export const kintoneError = {
  noCredentials: () => new KintoneError(401, "CB_AU01", "Log in to use this API."),
  wrongPassword: () =>
    new KintoneError(
      401,
      "CB_WA01",
      "Password authentication failed: check the login name and password.",
    ),
  invalidOAuthToken: () =>
    new KintoneError(401, "CB_OA01", "The OAuth access token is not valid or has expired."),
  tooManyApiTokens: (max: number) =>
    new KintoneError(
      400,
      "CB_IL02",
      `Too many API tokens: give at most ${max} in X-Cybozu-API-Token.`,
    ),
  invalidApiToken: () =>
    new KintoneError(400, "GAIA_IA02", "The API token is not valid for the app addressed."),
  tokenPermission: () =>
    new KintoneError(
      403,
      "GAIA_NO01",
      "The API token does not have the permission this API needs.",
    ),
  tokenNotSupported: () =>
    new KintoneError(403, "GAIA_NO01", "This API cannot be used with API token authentication."),
  noPermission: () =>
    new KintoneError(403, "CB_NO02", "You do not have permission for this operation."),
  notFound: () => new KintoneError(404, "GAIA_NF01", "The requested API does not exist."),
  invalidJson: () => new KintoneError(400, "CB_IJ01", "The request body is not valid JSON."),
  appNotFound: (app: string) =>
    new KintoneError(
      404,
      "GAIA_AP01",
      `The app (ID: ${app}) was not found. It may have been deleted.`,
    ),
  recordNotFound: (record: string) =>
    new KintoneError(404, "GAIA_RE01", `The record (ID: ${record}) was not found.`),
  commentNotFound: (comment: string) =>
    new KintoneError(404, "GAIA_RE02", `The comment (ID: ${comment}) was not found.`),
  spaceNotFound: (space: string) =>
    new KintoneError(404, "GAIA_SP01", `The space (ID: ${space}) was not found.`),
  threadNotFound: (thread: string) =>
    new KintoneError(404, "GAIA_TH01", `The thread (ID: ${thread}) was not found.`),
  pluginNotFound: (plugin: string) =>
    new KintoneError(404, "GAIA_PL01", `The plug-in (ID: ${plugin}) is not installed.`),
  fileNotFound: (fileKey: string) =>
    new KintoneError(
      404,
      "GAIA_BL01",
      `The file (fileKey: ${fileKey}) was not found. Download with the fileKey a record's attachment field holds.`,
    ),
  guestSpaceRequired: (space: string) =>
    new KintoneError(
      400,
      "GAIA_IL23",
      `The app is in guest space ${space}: send the request to /k/guest/${space}/v1/… instead.`,
    ),
  notInGuestSpace: (space: string) =>
    new KintoneError(
      400,
      "GAIA_IL25",
      `The target is not in guest space ${space}: check the guest space ID of the URL.`,
    ),
  /**
   * A guest path for an app outside that guest space. 403 CB_NO02, as an independent emulator's
   * test, written to also run against a real domain, expects.
   */
  outsideGuestSpace: (space: string) =>
    new KintoneError(
      403,
      "CB_NO02",
      `You do not have permission: the target is not in guest space ${space} of the URL.`,
    ),
  userNotFound: (code: string) =>
    new KintoneError(400, "GAIA_IL26", `The user (code: ${code}) was not found.`),
  groupNotFound: (code: string) =>
    new KintoneError(400, "GAIA_IL27", `The group (code: ${code}) was not found.`),
  organizationNotFound: (code: string) =>
    new KintoneError(400, "GAIA_IL28", `The department (code: ${code}) was not found.`),
  queryFieldNotFound: (code: string) =>
    new KintoneError(400, "GAIA_IQ11", `The field (${code}) given in the query does not exist.`),
  queryLimit: (max: number) =>
    new KintoneError(400, "GAIA_QU01", `The limit of the query must be ${max} or less.`),
  queryOffset: (max: string) =>
    new KintoneError(400, "GAIA_QU02", `The offset of the query must be ${max} or less.`),
  queryOperator: (code: string, operator: string) =>
    new KintoneError(
      400,
      "GAIA_IQ03",
      `The operator ${operator} cannot be used with the field type of ${code}.`,
    ),
  queryTableEquality: (code: string, operator: string) =>
    new KintoneError(
      400,
      "GAIA_IQ07",
      `${code} is in a table: use in or not in instead of the operator ${operator}.`,
    ),
  queryFunctionDay: (value: string) =>
    new KintoneError(
      400,
      "GAIA_IQ23",
      `The day (${value}) is not valid: give a whole number from 1 to 31, or LAST.`,
    ),
  queryFunctionUnit: () =>
    new KintoneError(
      400,
      "GAIA_IQ25",
      "The second argument of FROM_TODAY() must be DAYS, WEEKS, MONTHS or YEARS.",
    ),
  queryFunctionArguments: (name: string) =>
    new KintoneError(400, "GAIA_IL08", `The arguments of ${name}() are not valid.`),
  revisionConflict: () =>
    new KintoneError(
      409,
      "GAIA_CO02",
      "The revision given is not the latest: the target was updated by someone else.",
    ),
  statusActionUnavailable: (detail: string) => new KintoneError(400, "GAIA_IL03", detail),
  cursorLimit: (max: number) =>
    new KintoneError(
      400,
      "GAIA_TM12",
      `The domain already has ${max} cursors open: delete unused cursors or wait until they expire.`,
    ),
  cursorNotFound: (id: string) =>
    new KintoneError(400, "GAIA_CU01", `The cursor (ID: ${id}) does not exist or has expired.`),
  validation: (errors: FieldErrors) =>
    new KintoneError(400, "CB_VA01", "Some input is missing or not valid.", errors),
} as const;

/** One CB_VA01 error about one parameter, keyed as kintone keys it. */
export function invalidParameter(key: string, message: string): KintoneError {
  return kintoneError.validation({ [key]: { messages: [message] } });
}
