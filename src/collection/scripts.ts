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

/** The name of the constant a script with data reads its data from. */
export const SCRIPT_DATA = "appData";

/**
 * A script whose first line holds its data: `const appData = {…};`, then the template. The data is
 * JSON, with `<`, U+2028 and U+2029 written as escapes, so no field code, option or app name can
 * end the literal, break the line or close an HTML script tag: it stays data, never code. Two
 * `exec` strings: the data line, then the template as one string (see `scriptExec`).
 */
export function scriptLinesWithData(name: ScriptName, data: unknown): string[] {
  const literal = JSON.stringify(data).replace(
    /[<\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return [`const ${SCRIPT_DATA} = ${literal};`, ...scriptExec(name)];
}
