import { dirname, resolve } from "node:path";
import { EnvKey, type ConnectionSettings } from "../environment/variables.js";
import { ExitCode, UsageError } from "../errors.js";
import { checkApiTokens, checkGuestSpaceId } from "../kintone/connection-checks.js";
import { PASSWORD_WITHOUT_LOGIN } from "../kintone/error-hints.js";
import { normalizeBaseUrl } from "../kintone/base-url.js";
import { colorsOn, tableColorsOff } from "./colors.js";
import { newmanTlsOptions } from "./certificates.js";
import { isUrl } from "../files/read-json.js";
import { selectByRadius } from "./blast-radius.js";
import { deletersToAdd } from "./cleanup.js";
import { EnvironmentExport } from "./export-environment.js";
import { foldersToRun, pruneToFolders, withAppReads } from "./folders.js";
import { variableValue } from "../environment/read-environment.js";
import { loadInputs, type RunInputs } from "./inputs.js";
import { maskSecrets } from "./mask-secrets.js";
import { reporterOptionsOf, type ReporterFlag } from "./newman-options.js";
import { runNewman, type NewmanOptions, type RunListener } from "./newman.js";
import type { RunOptions } from "./options.js";
import {
  emptyFindings,
  runFailed,
  summaryLines,
  trackFindings,
  type RunFindings,
} from "./summary.js";
import { TempFiles } from "./temp-files.js";
import { overrideOf, variableOverrides, type VariableOverride } from "./variables.js";

export interface RunResult {
  /** 0 when every request and test passed, 1 otherwise. Usage errors throw a UsageError. */
  exitCode: typeof ExitCode.ok | typeof ExitCode.failed;
  requests: { total: number; failed: number };
  tests: { total: number; failed: number };
  /** Newman's failures: failed tests, request errors, script errors. */
  failures: number;
  findings: RunFindings;
  /** The closing lines, as printed. */
  lines: string[];
}

/**
 * Runs a collection with Newman: checks the inputs and the client certificate first, then runs
 * headless with the overrides in memory, and closes with a summary that explains failures.
 */
export async function run(options: RunOptions): Promise<RunResult> {
  const print = options.newman?.silent
    ? () => undefined
    : (options.print ?? ((line: string) => process.stdout.write(`${line}\n`)));
  const connection = checkedConnection(options.connection);
  const inputs = await loadInputs(options.collection, options.environment);
  const selected = withAppReads(
    inputs.collection,
    foldersToRun(inputs.collection, inputs.collectionPath, options.folders, options.all),
    options.folders,
    connection?.appId,
  );
  // What the selected requests create is deleted by the end of the run, also when the request
  // that deletes it sits in a folder not selected: that request runs too, after the others.
  const deleters = deletersToAdd(inputs.collection, selected);
  const folders = selected && [...selected, ...deleters.map((deleter) => deleter.id)];
  const selection = selectByRadius(
    inputs.collection,
    folders,
    options.allowSettingsChanges ?? false,
  );
  const fileValue = (key: string) => variableValue(inputs.environment?.values, key);
  if (connection.password && !connection.username && fileValue(EnvKey.username) === undefined) {
    throw new UsageError(PASSWORD_WITHOUT_LOGIN);
  }
  // Emptied last, so they win even over --env-var: a deleter the run added acts only on the ids
  // this run captures (what an environment file holds is emptied for every run already).
  const overrides = [
    ...variableOverrides(connection, options.envVars, fileValue),
    ...deleters.flatMap((deleter) => deleter.variables.map((key) => ({ key, value: "" }))),
  ];
  const exporter = exporterOf(options, overrides, fileValue);
  await exporter?.checkPath();
  const temp = new TempFiles();
  try {
    const tls = await newmanTlsOptions(options.tls ?? {}, baseUrlOf(inputs, overrides), temp);
    const findings = emptyFindings();
    findings.skippedByRadius = selection.skipped;
    findings.addedDeleters = deleters;
    const listeners: RunListener[] = [maskSecrets, trackFindings(findings, sendsCertificate(tls))];
    if (exporter) listeners.push(exporter.listener);
    if (!colorsOn(options.color)) listeners.push(tableColorsOff(options.verbose ?? false));
    const { summary, error } = await runNewman(
      withoutUndefined({
        collection: pruneToFolders(selection.collection, folders) as NewmanOptions["collection"],
        environment: inputs.environment as NewmanOptions["environment"],
        envVar: overrides,
        folder: folders,
        ...reporterOptions(options),
        bail: options.bail,
        timeoutRequest: options.timeoutRequest,
        delayRequest: options.delayRequest,
        iterationCount: options.iterationCount,
        iterationData: options.iterationData,
        // `generate` writes the files the requests send beside the collection.
        workingDir:
          options.workingDir ??
          (isUrl(inputs.collectionPath) ? undefined : dirname(resolve(inputs.collectionPath))),
        verbose: options.verbose,
        ...withoutUndefined(options.newman ?? {}),
        color: colorsOn(options.color) ? "on" : "off",
        ...tls,
      }),
      listeners,
    );
    const lines = summaryLines(summary, findings, error);
    lines.forEach(print);
    // After the summary, so a failed write never hides how the run went.
    if (exporter && !(await exporter.write())) {
      const line = `  nothing exported to ${exporter.path}: the run ended before its environment was final`;
      lines.push(line);
      print(line);
    }
    const { requests, assertions } = summary.run.stats;
    // A run that sent nothing because a value was missing has checked nothing: CI must not pass it.
    const nothingSent =
      (requests.total ?? 0) === 0 &&
      (findings.skippedForValues.size > 0 || findings.skippedForApiToken.length > 0);
    return {
      exitCode:
        (runFailed(summary, error) || nothingSent) && !options.suppressExitCode
          ? ExitCode.failed
          : ExitCode.ok,
      requests: { total: requests.total ?? 0, failed: requests.failed ?? 0 },
      tests: { total: assertions.total ?? 0, failed: assertions.failed ?? 0 },
      failures: summary.run.failures.length + (error ? 1 : 0),
      findings,
      lines,
    };
  } finally {
    temp.dispose();
  }
}

/**
 * `--export-environment`. With `--include-secrets` it writes a secret only as the environment
 * file holds it, never one given for the run (by flag, KINTONE_* variable or `--env-var`).
 */
function exporterOf(
  options: RunOptions,
  overrides: readonly VariableOverride[],
  fileValue: (key: string) => string | undefined,
): EnvironmentExport | undefined {
  if (options.exportEnvironment === undefined) return undefined;
  const givenForRun = new Set(overrides.map((override) => override.key));
  return new EnvironmentExport(options.exportEnvironment, options.includeSecrets ?? false, (key) =>
    givenForRun.has(key) ? undefined : fileValue(key),
  );
}

/** `--base-url` (or KINTONE_BASE_URL) checked as every command checks it, before anything runs. */
function checkedConnection(connection: ConnectionSettings = {}): ConnectionSettings {
  // Refused as generate refuses them, before anything runs.
  checkGuestSpaceId(connection.guestSpaceId);
  checkApiTokens(connection.apiTokens);
  if (connection.baseUrl === undefined || connection.baseUrl === "") return connection;
  return { ...connection, baseUrl: normalizeBaseUrl(connection.baseUrl) };
}

/** The base URL the requests will go to, as Newman resolves `{{baseUrl}}`. */
function baseUrlOf(inputs: RunInputs, overrides: readonly VariableOverride[]): string | undefined {
  return (
    overrideOf(overrides, EnvKey.baseUrl) ??
    variableValue(inputs.environment?.values, EnvKey.baseUrl) ??
    variableValue(inputs.collection.variable, EnvKey.baseUrl)
  );
}

function sendsCertificate(
  tls: Pick<NewmanOptions, "sslClientCertList" | "sslClientCert">,
): boolean {
  return tls.sslClientCertList !== undefined || tls.sslClientCert !== undefined;
}

/**
 * Reporters and their options. `--reporter-junit-export` and `--reporter-json-export` bring their
 * reporter along; every other `--reporter-…` flag reaches its reporter as in Newman.
 */
function reporterOptions(
  options: RunOptions,
): Pick<NewmanOptions, "reporters" | "reporter" | "reporterOptions"> {
  const reporters = new Set(options.reporters ?? ["cli"]);
  const flags: ReporterFlag[] = [...(options.reporterFlags ?? [])];
  if (options.reporterJunitExport !== undefined) {
    reporters.add("junit");
    flags.push(["junit-export", options.reporterJunitExport]);
  }
  if (options.reporterJsonExport !== undefined) {
    reporters.add("json");
    flags.push(["json-export", options.reporterJsonExport]);
  }
  return { reporters: [...reporters], ...reporterOptionsOf(flags, [...reporters]) };
}

// Newman tells "not given" from "given as undefined" for some options (`insecure`, `folder`).
function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as T;
}

/** A run that ran but failed: the CLI prints its one line and exits 1. */
export class RunFailedError extends Error {
  override readonly name = "RunFailedError";

  constructor(result: Pick<RunResult, "requests" | "tests" | "failures">) {
    const { requests, tests, failures } = result;
    super(
      `run failed (${failures} ${failures === 1 ? "failure" : "failures"}): ` +
        `${requests.failed} of ${requests.total} requests and ${tests.failed} of ${tests.total} tests failed`,
    );
  }
}
