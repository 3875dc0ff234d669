import { readFileSync } from "node:fs";

/** The scripts that run inside Postman, kept as real files so they are linted and unit tested. */
export type ScriptName = "prerequest" | "test" | "app-prerequest" | "app-test";

const scriptsDir = new URL("../../templates/scripts/", import.meta.url);

export function scriptPath(name: ScriptName): URL {
  return new URL(`${name}.js`, scriptsDir);
}

/** The script as Postman stores it: one string per line. */
export function scriptLines(name: ScriptName): string[] {
  return readFileSync(scriptPath(name), "utf8").replace(/\n$/, "").split("\n");
}
