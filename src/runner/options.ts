import type { ConnectionSettings } from "../environment/variables.js";
import type { ColorChoice } from "./colors.js";
import type { BailModifier } from "./newman.js";
import type { NewmanPassThrough, ReporterFlag } from "./newman-options.js";

// `run` with no argument runs what `generate` made, limited to the read-only Smoke folder unless
// told otherwise (`--folder`, `--all`).
export { DEFAULT_COLLECTION, SMOKE_FOLDER } from "../files/names.js";

/** Client certificate and server trust settings; the names follow Newman's flags. */
export interface TlsOptions {
  /** A pfx for the kintone host (`--ssl-client-pfx`), in any encoding, legacy ones included. */
  pfxFilePath?: string;
  pfxFilePassword?: string;
  sslClientCert?: string;
  sslClientKey?: string;
  sslClientCertList?: string;
  sslExtraCaCerts?: string;
  insecure?: boolean;
}

/** Everything `run` needs, already parsed: the CLI maps its flags onto this and nothing else. */
export interface RunOptions {
  /** Defaults to DEFAULT_COLLECTION. */
  collection?: string;
  /** Defaults to the collection's sibling `*.postman_environment.json`, when there is one. */
  environment?: string;
  /** Override the environment's variables for this run only (never written, never printed). */
  connection?: ConnectionSettings;
  tls?: TlsOptions;
  /** `key=value` overrides, applied after the connection settings. */
  envVars?: string[];
  /**
   * Folders (or requests) to run; none means the Smoke folder, unless `all` is set. The requests
   * that delete what they create run too (see cleanup.ts).
   */
  folders?: string[];
  /** Every folder: reads and own data only, unless `allowSettingsChanges` (deploys never). */
  all?: boolean;
  /** Lets a whole run change existing data and settings too (never deploy). */
  allowSettingsChanges?: boolean;
  /** Newman reporter names; defaults to `["cli"]` (an empty list: no reporter at all). */
  reporters?: string[];
  reporterJunitExport?: string;
  reporterJsonExport?: string;
  /** Newman's `--bail`: true, or its modifiers (`folder`, `failure`). */
  bail?: boolean | BailModifier[];
  timeoutRequest?: number;
  delayRequest?: number;
  iterationCount?: number;
  iterationData?: string;
  /** Where relative file paths resolve (Upload file's sample); default: the collection's folder. */
  workingDir?: string;
  /**
   * Writes the final environment here, secrets blanked; `includeSecrets` keeps those the
   * environment file holds (never one given for the run).
   */
  exportEnvironment?: string;
  includeSecrets?: boolean;
  verbose?: boolean;
  /** Coloured report: `auto` (the default) on a terminal only. */
  color?: ColorChoice;
  /** Newman's `-x`: a run that failed still ends with exit code 0. */
  suppressExitCode?: boolean;
  /** Newman's other options, passed as they are. */
  newman?: NewmanPassThrough;
  /** `--reporter-<name>-<option>` flags, for Newman's reporters. */
  reporterFlags?: ReporterFlag[];
  /** Receives the summary lines; defaults to stdout. */
  print?: (line: string) => void;
}
