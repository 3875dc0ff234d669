import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import type { RunOptions } from "../runner/options.js";
import { ExitCode } from "../errors.js";
import { failureOf, type Outcome } from "./outcome.js";

/** What the parsing thread answers: the run's options, or how the command line ended without one. */
export type ParseAnswer = { options: RunOptions } | { outcome: Outcome };

/**
 * A command line that runs a collection: `run` first, and no help or version to print. Only then
 * is loading Newman before the flags are read worth it; anything else takes the ordinary path.
 */
export function isPlainRun(argv: readonly string[]): boolean {
  return argv[0] === "run" && !argv.some((arg) => ["--help", "-h", "--version"].includes(arg));
}

/**
 * Whether a second thread would find a core to run on: more than half a core idle over the last
 * minute. The parsing thread costs CPU of its own (a worker's start-up, some 5–10% of a run's CPU
 * on a busy 2-core machine), which pays only when it runs beside Newman's loading, not in turn
 * with it. Where the load average is unknown (Windows reports 0), a second core is assumed free.
 */
export function hasIdleCore(
  cores = availableParallelism(),
  oneMinuteLoad = loadavg()[0] ?? 0,
): boolean {
  return cores >= 2 && oneMinuteLoad <= cores - 0.5;
}

/**
 * `run`, with its start-up spread over two threads. Newman's require graph is most of a run's
 * start-up (about half a second of one core), and yargs plus our own command modules come
 * before it; they do not depend on each other. So a worker thread parses and checks the flags,
 * exactly as the ordinary path does, while this thread loads Newman; the run itself (Newman,
 * reporters, output, signals, temporary files) then happens here, as before. If the worker
 * cannot answer, the whole command line runs here the ordinary way: Newman is loaded already.
 */
export async function runWhileParsing(argv: string[]): Promise<Outcome> {
  const answer = parseInWorker(argv);
  answer.catch(() => undefined); // awaited below, after Newman's loading
  // Our runner's modules are read from disk in the background while Newman's load (synchronous,
  // as CommonJS is) holds this thread. A failure to load is reported where they are used.
  const runner = import("./commands/run.js");
  runner.catch(() => undefined);
  await Promise.all([import("newman"), import("../runner/run.js")]).catch(() => undefined);
  let parsed: ParseAnswer;
  try {
    parsed = await answer;
  } catch {
    return (await import("./command-line.js")).runProgram(argv);
  }
  if ("outcome" in parsed) return parsed.outcome;
  try {
    const { runCollection } = await runner;
    await runCollection(parsed.options);
    return { exitCode: ExitCode.ok };
  } catch (error) {
    return failureOf(error);
  }
}

function parseInWorker(argv: string[]): Promise<ParseAnswer> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      // The worker's own output is never shown (`stdout`/`stderr` kept apart and unread): it
      // answers with a message, and a command line it cannot answer runs again on this thread.
      worker = new Worker(new URL("./parse-worker.js", import.meta.url), {
        workerData: argv,
        stdout: true,
        stderr: true,
      });
    } catch (error) {
      reject(error as Error);
      return;
    }
    worker.once("message", (message: ParseAnswer) => {
      worker.unref();
      resolve(message);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the parsing thread ended (${code})`)));
  });
}
