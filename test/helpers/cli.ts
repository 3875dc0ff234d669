import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
export const cliPath = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const traceImportsPath = fileURLToPath(new URL("./trace-imports.mjs", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stderr, less the lines of `traceImports`. */
  stderr: string;
  /** With `traceImports`: every module specifier the process resolved, in order. */
  imports: string[];
}

/**
 * Runs the built CLI as a user would. The environment is replaced, not merged, so KINTONE_*
 * variables of the machine running the tests never leak in. `traceImports` lists the modules
 * the command loaded (see trace-imports.mjs) apart from what it wrote to stderr.
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; traceImports?: boolean } = {},
): Promise<CliResult> {
  const nodeArgs = options.traceImports ? ["--import", traceImportsPath] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, cliPath, ...args], {
      cwd: options.cwd ?? projectRoot,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const lines = stderr.split(/(?<=\n)/);
      const traced = (line: string) => options.traceImports && line.startsWith("import:");
      resolve({
        code,
        signal,
        stdout,
        stderr: lines.filter((line) => !traced(line)).join(""),
        imports: lines.filter(traced).map((line) => line.slice("import:".length).trimEnd()),
      });
    });
  });
}

/** The CLI's way to fail: this exit code and one line on stderr that says `text`. */
export function expectOneLineError(
  result: Pick<CliResult, "code" | "stderr">,
  text: string,
  code = 2,
): void {
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(/^kintone-postman: .+\n$/);
  expect(result.stderr).toContain(text);
}
