import type { InferredOptionTypes, Options } from "yargs";
import type { ConnectionSettings } from "../../environment/variables.js";
import { KintoneEnvVar, StandardEnvVar } from "../../kintone/env-vars.js";
import type { ProxySettings } from "../../kintone/proxy.js";

/**
 * For flags that take a secret: the next word is the value as it is, even when it starts with
 * "-". Read as flags instead, yargs would refuse them and echo the secret's letters in its error
 * (`Unknown arguments: S, c`). API tokens go without: kintone makes them of letters and digits,
 * and `--api-token` collects a list.
 */
const SECRET_VALUE = { nargs: 1 } as const;

/**
 * Connection and auth flags, declared once so every command spells them the same way (the names
 * are cli-kintone's). Env vars are yargs defaults, read when a command's flags are declared (not
 * when this module loads, so the command line sees the environment it is called with);
 * `defaultDescription` names the variable so `--help` never prints the secret it holds.
 */
export const connectionOptions = () =>
  ({
    "base-url": {
      describe: "kintone base URL, e.g. https://example.cybozu.com",
      type: "string",
      default: process.env[KintoneEnvVar.baseUrl],
      defaultDescription: KintoneEnvVar.baseUrl,
    },
    username: {
      alias: "u",
      describe: "kintone login name",
      type: "string",
      default: process.env[KintoneEnvVar.username],
      defaultDescription: KintoneEnvVar.username,
    },
    password: {
      alias: "p",
      ...SECRET_VALUE,
      describe: "kintone password",
      type: "string",
      default: process.env[KintoneEnvVar.password],
      defaultDescription: KintoneEnvVar.password,
    },
    "api-token": {
      describe: "API token (repeatable, or comma-separated; at most 9)",
      type: "string",
      array: true,
      default: splitList(process.env[KintoneEnvVar.apiToken]),
      defaultDescription: KintoneEnvVar.apiToken,
    },
    "oauth-token": {
      ...SECRET_VALUE,
      describe: "OAuth access token",
      type: "string",
      default: process.env[KintoneEnvVar.oauthToken],
      defaultDescription: KintoneEnvVar.oauthToken,
    },
    "basic-auth-username": {
      describe: "Basic auth user name, for domains behind Basic authentication",
      type: "string",
      default: process.env[KintoneEnvVar.basicAuthUsername],
      defaultDescription: KintoneEnvVar.basicAuthUsername,
    },
    "basic-auth-password": {
      ...SECRET_VALUE,
      describe: "Basic auth password",
      type: "string",
      default: process.env[KintoneEnvVar.basicAuthPassword],
      defaultDescription: KintoneEnvVar.basicAuthPassword,
    },
    "guest-space-id": {
      describe: "guest space id: requests go to /k/guest/{id}/v1/…",
      type: "string",
      default: process.env[KintoneEnvVar.guestSpaceId],
      defaultDescription: KintoneEnvVar.guestSpaceId,
    },
  }) satisfies Record<string, Options>;

/** Secure Access client certificate flags (cli-kintone names, Newman-style aliases). */
export const certificateOptions = () =>
  ({
    "pfx-file-path": {
      alias: "ssl-client-pfx",
      describe: "client certificate (.pfx / .p12) for Secure Access",
      type: "string",
      default: process.env[KintoneEnvVar.pfxFilePath],
      defaultDescription: KintoneEnvVar.pfxFilePath,
    },
    "pfx-file-password": {
      alias: "ssl-client-passphrase",
      ...SECRET_VALUE,
      describe: "passphrase of the client certificate",
      type: "string",
      default: process.env[KintoneEnvVar.pfxFilePassword],
      defaultDescription: KintoneEnvVar.pfxFilePassword,
    },
  }) satisfies Record<string, Options>;

/**
 * Newman's other client certificate flags, for the commands that connect as `run` does (`run`,
 * `doctor`). The passphrase of `--ssl-client-key` is `--ssl-client-passphrase`, as in Newman.
 */
export const newmanCertificateOptions = {
  "ssl-client-cert": { describe: "client certificate (PEM)", type: "string" },
  "ssl-client-key": { describe: "private key of --ssl-client-cert", type: "string" },
  "ssl-client-cert-list": {
    describe: "Newman client certificate list (JSON); combined with --ssl-client-pfx",
    type: "string",
  },
} satisfies Record<string, Options>;

/** `KINTONE_API_TOKEN=t1,t2` means two tokens, as in cli-kintone. */
function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === "") return undefined;
  return value
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/** Flags may repeat and may hold comma-joined lists; flatten both to one list. */
export function flattenList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => splitList(v) ?? []);
}

/** Which servers to trust, for commands that connect to kintone (`run`, `doctor`); Newman's names. */
export const serverTrustOptions = {
  "ssl-extra-ca-certs": {
    describe: "extra trusted CA certificates (PEM), e.g. for a proxy or a test server",
    type: "string",
  },
  insecure: {
    alias: "k",
    describe: "do not verify the server certificate (tests only)",
    type: "boolean",
  },
} satisfies Record<string, Options>;

/** Newman's `--color`; NO_COLOR (set and not empty) makes `off` the default. */
export const colorOptions = () =>
  ({
    color: {
      describe: "coloured report: auto (on a terminal only), on or off",
      type: "string",
      choices: ["auto", "on", "off"] as const,
      default: process.env[StandardEnvVar.noColor] ? ("off" as const) : ("auto" as const),
      defaultDescription: `auto; off when ${StandardEnvVar.noColor} is set`,
    },
  }) satisfies Record<string, Options>;

/** The app the requests are about (the collection's `appId`). */
export const appOptions = {
  app: { describe: "app id (sets appId)", type: "string" },
} satisfies Record<string, Options>;

/**
 * The connection flags, as every command hands them to its domain function. `--app` belongs to
 * the commands that take it (`appOptions`).
 */
export function connectionSettingsOf(
  args: InferredOptionTypes<ReturnType<typeof connectionOptions>> & { app?: string },
): ConnectionSettings {
  return {
    baseUrl: args["base-url"],
    username: args.username,
    password: args.password,
    apiTokens: flattenList(args["api-token"]),
    oauthToken: args["oauth-token"],
    basicAuthUsername: args["basic-auth-username"],
    basicAuthPassword: args["basic-auth-password"],
    guestSpaceId: args["guest-space-id"],
    appId: args.app,
  };
}

/**
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms, as curl and Newman accept), for
 * the commands that connect by themselves. `run` hands the same variables to Newman, which reads
 * them itself.
 */
export function proxySettings(): ProxySettings {
  const read = (name: string) => process.env[name] || process.env[name.toLowerCase()] || undefined;
  const settings: ProxySettings = {};
  const httpsProxy = read(StandardEnvVar.httpsProxy);
  const httpProxy = read(StandardEnvVar.httpProxy);
  const noProxy = read(StandardEnvVar.noProxy);
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  if (httpProxy) settings.httpProxy = httpProxy;
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}
