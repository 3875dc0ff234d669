import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { runCommandLine } from "../../src/cli/command-line.js";

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

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** List the modules the command loaded (see trace-imports.mjs): needs a process of its own. */
  traceImports?: boolean;
  /** Run the built CLI in a process of its own, where the process boundary is the subject. */
  spawn?: boolean;
}

/**
 * Runs the CLI as a user would, with the environment replaced, not merged, so KINTONE_* variables
 * of the machine running the tests never leak in. It runs in this process (the command line,
 * stdout, stderr, cwd and environment swapped in for the call), since a process of its own costs
 * about a second of CPU to load Newman again. A process of its own is used when asked, and for
 * `--help` and `--version` (yargs exits after them). A `stub` that serves never returns: tests
 * that start one spawn it themselves; here it only meets input it refuses.
 */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return needsProcess(args, options) ? spawnCli(args, options) : runInProcess(args, options);
}

function needsProcess(args: string[], options: CliOptions): boolean {
  const exits = args.some((arg) => ["--help", "-h", "--version"].includes(arg));
  return Boolean(options.spawn || options.traceImports || exits);
}

function spawnCli(args: string[], options: CliOptions): Promise<CliResult> {
  const nodeArgs = options.traceImports ? ["--import", traceImportsPath] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, cliPath, ...args], {
      cwd: options.cwd ?? projectRoot,
      env: cliEnv(options),
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

function cliEnv(options: CliOptions): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", ...options.env };
}

/**
 * The command in this process. Tests of a file run one after another in their worker, so
 * swapping process-wide state for the call is safe; stdout reads as a pipe, as it does for a
 * spawned CLI whose output a test collects.
 */
async function runInProcess(args: string[], options: CliOptions): Promise<CliResult> {
  const saved = {
    env: process.env,
    cwd: process.cwd(),
    out: process.stdout.write,
    err: process.stderr.write,
    isTTY: Object.getOwnPropertyDescriptor(process.stdout, "isTTY"),
  };
  let stdout = "";
  let stderr = "";
  const capture =
    (append: (text: string) => void) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    };
  process.env = cliEnv(options);
  process.chdir(options.cwd ?? projectRoot);
  process.stdout.write = capture((text) => (stdout += text)) as typeof process.stdout.write;
  process.stderr.write = capture((text) => (stderr += text)) as typeof process.stderr.write;
  Object.defineProperty(process.stdout, "isTTY", { value: false, configurable: true });
  try {
    const code = await runCommandLine(args);
    return { code, signal: null, stdout, stderr, imports: [] };
  } finally {
    process.env = saved.env;
    process.chdir(saved.cwd);
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    if (saved.isTTY) Object.defineProperty(process.stdout, "isTTY", saved.isTTY);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
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
