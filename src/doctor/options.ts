import type { LookupFunction } from "node:net";
import type { ConnectionSettings } from "../environment/variables.js";
import type { ProxySettings } from "../kintone/proxy.js";

/** The client certificate flags `run` takes, with their meaning there. */
export interface ClientCertificateOptions {
  /** `--ssl-client-pfx`, in any encoding. */
  pfxFilePath?: string;
  /** Its passphrase; without a pfx, that of `--ssl-client-key` or of a list entry lacking one. */
  pfxFilePassword?: string;
  /** `--ssl-client-cert` and `--ssl-client-key`: PEM, used when no pfx or list entry matches. */
  sslClientCert?: string;
  sslClientKey?: string;
  /** `--ssl-client-cert-list`: a Newman certificate list; its first matching entry is used. */
  sslClientCertList?: string;
}

export interface DoctorOptions extends ClientCertificateOptions {
  /** Flags and KINTONE_* variables; they win over the environment file. */
  connection?: ConnectionSettings;
  /**
   * Postman environment to read the connection from, as `run` would. Defaults to the one beside
   * the default collection, when it exists.
   */
  environment?: string;
  sslExtraCaCerts?: string;
  insecure?: boolean;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as `run` (Newman) reads them. */
  proxy?: ProxySettings;
  /** How long the test request may take. */
  timeoutMs?: number;
  /** Resolves the kintone host for the test request; defaults to `dns.lookup`. */
  lookup?: LookupFunction;
  /** For tests of certificate expiry. */
  now?: Date;
  /** Receives the report lines; defaults to stdout. */
  print?: (line: string) => void;
}

/** Certificates expiring sooner than this get a warning. */
export const EXPIRY_WARNING_DAYS = 30;

export const DEFAULT_TIMEOUT_MS = 20_000;
