import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Builds dist/ once so CLI tests run the same JavaScript users get. Type errors are the typecheck
 * step's business (tsc still emits); only a build that produced no CLI stops the tests.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const build = spawnSync(
    process.execPath,
    ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"],
    { cwd: root, encoding: "utf8" },
  );
  if (!existsSync(`${root}/dist/cli/main.js`)) {
    throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }
}
