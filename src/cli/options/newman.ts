import type { Arguments, Options } from "yargs";
import type { NewmanPassThrough, ReporterFlag } from "../../runner/newman-options.js";

/**
 * `newman run` flags that `run` hands to Newman unchanged, under Newman's own names and with its
 * meaning, so a Newman command line carries over. (Flags `run` reads itself, such as `--folder`,
 * `--working-dir`, `--color` or the certificates, live in the command.) A test reads `newman run --help` and checks that
 * every Newman flag is accepted.
 */
export const newmanPassThroughOptions = {
  globals: { alias: "g", describe: "Postman globals file or URL", type: "string" },
  "global-var": {
    describe: "set a global variable for this run, key=value (repeatable)",
    type: "string",
    array: true,
  },
  "export-globals": { describe: "write the final globals to this file", type: "string" },
  "export-collection": { describe: "write the executed collection to this file", type: "string" },
  "postman-api-key": { describe: "API key to load resources from the Postman API", type: "string" },
  "ignore-redirects": { describe: "do not follow 3XX redirects", type: "boolean" },
  "suppress-exit-code": {
    alias: "x",
    describe: "exit 0 even when a request or test failed",
    type: "boolean",
  },
  silent: { describe: "no output from Newman or from the summary", type: "boolean" },
  "disable-unicode": { describe: "plain-text symbols instead of Unicode ones", type: "boolean" },
  timeout: { describe: "timeout for the whole run (ms)", type: "number" },
  "timeout-script": { describe: "timeout for each script (ms)", type: "number" },
  "insecure-file-read": {
    describe: "--no-insecure-file-read: no files outside the working folder",
    type: "boolean",
  },
  "cookie-jar": { describe: "cookie jar to start from (tough-cookie JSON)", type: "string" },
  "export-cookie-jar": { describe: "write the cookie jar to this file", type: "string" },
} satisfies Record<string, Options>;

/** Where the `--reporter-<name>-<option>` flags are gathered (see `gatherReporterFlags`). */
const REPORTER_FLAGS = "reporter-flags";

export const reporterFlagsOption = {
  [REPORTER_FLAGS]: { hidden: true },
} satisfies Record<string, Options>;

/** Flags `run` reads itself, though their names start like reporter options. */
const OWN_REPORTER_FLAGS = new Set([
  "reporter-junit-export",
  "reporter-json-export",
  REPORTER_FLAGS,
]);

/**
 * yargs middleware, before validation: every `--reporter-…` flag is moved out of the parsed
 * arguments into one list, so strict parsing accepts any reporter's options (as Newman does),
 * and the runner hands each to its reporter.
 */
export function gatherReporterFlags(args: Arguments): void {
  const flags: ReporterFlag[] = [];
  for (const key of Object.keys(args)) {
    if (!key.startsWith("reporter-") || OWN_REPORTER_FLAGS.has(key)) continue;
    const value = args[key];
    for (const one of Array.isArray(value) ? value : [value]) {
      flags.push([key.slice("reporter-".length), one === true ? true : String(one)]);
    }
    delete args[key];
    delete args[camelCase(key)];
  }
  args[REPORTER_FLAGS] = flags;
}

function camelCase(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The pass-through flags as Newman's library names them. */
export function newmanPassThroughOf(args: Record<string, unknown>): {
  newman: NewmanPassThrough;
  reporterFlags: ReporterFlag[];
} {
  const text = (key: string) => (typeof args[key] === "string" ? (args[key] as string) : undefined);
  const flag = (key: string) =>
    typeof args[key] === "boolean" ? (args[key] as boolean) : undefined;
  const number = (key: string) =>
    typeof args[key] === "number" ? (args[key] as number) : undefined;
  return {
    newman: {
      globals: text("globals"),
      globalVar: (args["global-var"] as string[] | undefined)?.map(keyValue),
      exportGlobals: text("export-globals"),
      exportCollection: text("export-collection"),
      postmanApiKey: text("postman-api-key"),
      ignoreRedirects: flag("ignore-redirects"),
      silent: flag("silent"),
      disableUnicode: flag("disable-unicode"),
      timeout: number("timeout"),
      timeoutScript: number("timeout-script"),
      insecureFileRead: flag("insecure-file-read"),
      cookieJar: text("cookie-jar"),
      exportCookieJar: text("export-cookie-jar"),
    },
    reporterFlags: (args[REPORTER_FLAGS] as ReporterFlag[] | undefined) ?? [],
  };
}

/** `key=value`, as Newman splits it: at the first `=`; no `=` leaves the value unset. */
function keyValue(pair: string): { key: string; value?: string } {
  const at = pair.indexOf("=");
  return at === -1 ? { key: pair } : { key: pair.slice(0, at), value: pair.slice(at + 1) };
}
