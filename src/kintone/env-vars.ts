/**
 * The KINTONE_* environment variables, by the setting each one gives (cli-kintone's names). The
 * CLI reads them as flag defaults; messages that tell the user where to put a setting name them
 * from here.
 */
export const KintoneEnvVar = {
  baseUrl: "KINTONE_BASE_URL",
  username: "KINTONE_USERNAME",
  password: "KINTONE_PASSWORD",
  apiToken: "KINTONE_API_TOKEN",
  oauthToken: "KINTONE_OAUTH_TOKEN",
  basicAuthUsername: "KINTONE_BASIC_AUTH_USERNAME",
  basicAuthPassword: "KINTONE_BASIC_AUTH_PASSWORD",
  guestSpaceId: "KINTONE_GUEST_SPACE_ID",
  pfxFilePath: "KINTONE_PFX_FILE_PATH",
  pfxFilePassword: "KINTONE_PFX_FILE_PASSWORD",
} as const;

/** Variables of the wider world the tool honours, named in one place like the KINTONE_* ones. */
export const StandardEnvVar = {
  /** https://no-color.org: set to anything but "" turns colours off. */
  noColor: "NO_COLOR",
  httpsProxy: "HTTPS_PROXY",
  httpProxy: "HTTP_PROXY",
  noProxy: "NO_PROXY",
} as const;
