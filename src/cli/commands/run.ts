import type { Arguments, Argv, CommandModule } from "yargs";
import { UsageError } from "../../errors.js";
import type { BailModifier } from "../../runner/newman.js";
import { DEFAULT_COLLECTION, SMOKE_FOLDER, type RunOptions } from "../../runner/options.js";
import {
  appOptions,
  certificateOptions,
  colorOptions,
  connectionOptions,
  connectionSettingsOf,
  flattenList,
  newmanCertificateOptions,
  serverTrustOptions,
} from "../options/connection.js";
import {
  gatherReporterFlags,
  newmanPassThroughOf,
  newmanPassThroughOptions,
  reporterFlagsOption,
} from "../options/newman.js";

// Newman's own flags keep Newman's names, so a newman command line carries over.
const newmanOptions = {
  environment: {
    alias: "e",
    describe: "Postman environment file",
    type: "string",
    defaultDescription: "the collection's sibling *.postman_environment.json, if present",
  },
  folder: {
    describe: `folder or request to run (repeatable), and what deletes what it creates; without it only ${SMOKE_FOLDER} runs`,
    type: "string",
    array: true,
  },
  all: {
    describe:
      "run every folder, not just Smoke: reads, and writes only on what the run itself creates",
    type: "boolean",
    default: false,
  },
  "allow-settings-changes": {
    describe: "with --all, also send requests that change existing data and settings (not deploys)",
    type: "boolean",
    default: false,
  },
  "env-var": {
    describe: "set an environment variable for this run, key=value (repeatable)",
    type: "string",
    array: true,
  },
  reporters: {
    alias: "r",
    describe: "cli, json, junit, progress, or any installed newman-reporter-* (comma-separated)",
    type: "string",
    array: true,
    default: ["cli"],
    coerce: flattenList,
  },
  "reporter-junit-export": { describe: "JUnit XML report file (adds junit)", type: "string" },
  "reporter-json-export": { describe: "JSON report file (adds json)", type: "string" },
  bail: {
    describe: "stop at the first failure; modifiers: folder, failure",
    type: "string",
    coerce: bailOf,
  },
  "timeout-request": {
    describe: "request timeout (ms)",
    type: "number",
    coerce: wholeNumber("--timeout-request"),
  },
  "delay-request": {
    describe: "delay between requests (ms)",
    type: "number",
    coerce: wholeNumber("--delay-request"),
  },
  "iteration-count": {
    alias: "n",
    describe: "number of iterations",
    type: "number",
    coerce: wholeNumber("--iteration-count"),
  },
  "iteration-data": {
    alias: "d",
    describe: "data file for iterations (JSON or CSV)",
    type: "string",
  },
  "working-dir": {
    describe: "folder that relative file paths resolve from (default: the collection's folder)",
    type: "string",
  },
  "export-environment": { describe: "write the final environment to this file", type: "string" },
  "include-secrets": {
    describe:
      "keep the environment file's secrets in --export-environment (never those given for this run)",
    type: "boolean",
    default: false,
  },
  verbose: {
    describe: "show each request and response in detail",
    type: "boolean",
    default: false,
  },
} as const;

const builder = (yargs: Argv) =>
  yargs
    .positional("collection", {
      describe: "Postman collection file",
      type: "string",
      defaultDescription: DEFAULT_COLLECTION,
    })
    .options({
      ...connectionOptions(),
      ...appOptions,
      ...certificateOptions(),
      ...newmanCertificateOptions,
      ...serverTrustOptions,
      ...newmanOptions,
      ...newmanPassThroughOptions,
      ...reporterFlagsOption,
      ...colorOptions(),
    })
    .middleware(gatherReporterFlags, true)
    .example("$0 run", `run the ${SMOKE_FOLDER} folder of ${DEFAULT_COLLECTION}`)
    .example(
      "$0 run --ssl-client-pfx client.pfx -r cli,junit --reporter-junit-export results.xml",
      "through Secure Access, with a JUnit report for CI",
    );

type RunArgs = Arguments<
  ReturnType<typeof builder> extends Argv<infer U> ? U & { collection?: string } : never
>;

export const runCommand: CommandModule<object, RunArgs> = {
  command: "run [collection]",
  describe: `Run a collection with Newman (the ${SMOKE_FOLDER} folder unless --folder or --all)`,
  builder,
  handler: async (args) => {
    const options = runOptionsOf(args);
    // Loaded on demand, so other commands never load the runner (or Newman after it).
    const { run, RunFailedError } = await import("../../runner/run.js");
    const result = await run(options);
    if (result.exitCode !== 0) throw new RunFailedError(result);
  },
};

/** The flags as the runner takes them (exported for the test that checks every Newman flag). */
export function runOptionsOf(args: RunArgs): RunOptions {
  return {
    collection: args.collection,
    environment: args.environment,
    connection: connectionSettingsOf(args),
    tls: {
      pfxFilePath: args["pfx-file-path"],
      pfxFilePassword: args["pfx-file-password"],
      sslClientCert: args["ssl-client-cert"],
      sslClientKey: args["ssl-client-key"],
      sslClientCertList: args["ssl-client-cert-list"],
      sslExtraCaCerts: args["ssl-extra-ca-certs"],
      insecure: args.insecure,
    },
    envVars: args["env-var"],
    folders: args.folder,
    all: args.all,
    allowSettingsChanges: args["allow-settings-changes"],
    reporters: args.reporters,
    reporterJunitExport: args["reporter-junit-export"],
    reporterJsonExport: args["reporter-json-export"],
    bail: args.bail,
    timeoutRequest: args["timeout-request"],
    delayRequest: args["delay-request"],
    iterationCount: args["iteration-count"],
    iterationData: args["iteration-data"],
    workingDir: args["working-dir"],
    exportEnvironment: args["export-environment"],
    includeSecrets: args["include-secrets"],
    verbose: args.verbose,
    suppressExitCode: args["suppress-exit-code"],
    ...newmanPassThroughOf(args),
    color: args.color,
  };
}

/** `--bail` alone is true; `--bail folder,failure` names Newman's modifiers. */
function bailOf(value: string): true | BailModifier[] {
  const modifiers = flattenList([value]);
  if (modifiers.length === 0) return true;
  const unknown = modifiers.find((m) => m !== "folder" && m !== "failure");
  if (unknown !== undefined) {
    throw new UsageError(`--bail takes folder or failure, not "${unknown}"`);
  }
  return modifiers as BailModifier[];
}

/** A yargs `coerce` for counts and milliseconds (yargs reads `abc` as NaN and lets `-1` through). */
function wholeNumber(flag: string): (value: number) => number {
  return (value) => {
    if (!Number.isInteger(value) || value < 0) {
      throw new UsageError(`${flag} takes a whole number of 0 or more`);
    }
    return value;
  };
}
