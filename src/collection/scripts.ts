import { readFileSync } from "node:fs";

/** The scripts that run inside Postman, kept as real files so they are linted and unit tested. */
export type ScriptName = "prerequest" | "test" | "app-prerequest" | "app-test";

const scriptsDir = new URL("../../templates/scripts/", import.meta.url);

export function scriptPath(name: ScriptName): URL {
  return new URL(`${name}.js`, scriptsDir);
}

/**
 * The script as a collection's `exec`: one string holding the whole file. Postman and Newman
 * join `exec` with newlines, so this is the same script as one string per line; but Newman sends
 * the script into its sandbox with every script run, and its bridge serialises each string as a
 * separate value (about 1.5 µs a line: 0.6 ms a request for our two scripts as lines).
 */
export function scriptExec(name: ScriptName): [string] {
  return [readFileSync(scriptPath(name), "utf8").replace(/\n$/, "")];
}
