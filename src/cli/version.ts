import { readFileSync } from "node:fs";

/**
 * The tool's own version. yargs would look for package.json above its own folder, which, once
 * installed, is the project that installed the tool. Ours sits two folders up from this file in
 * `src/cli/` and in `dist/cli/` alike.
 */
export function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
