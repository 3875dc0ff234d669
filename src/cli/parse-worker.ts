import { parentPort, workerData } from "node:worker_threads";
import type { RunOptions } from "../runner/options.js";
import { commands } from "./commands/index.js";
import { runCommand, runOptionsOf } from "./commands/run.js";
import { runProgram } from "./command-line.js";
import type { ParseAnswer } from "./run-while-parsing.js";

// The parsing thread of a plain `run` (see run-while-parsing.ts): the same yargs program as the
// ordinary path, flags, checks and error messages alike, except that the run command hands its
// options back to the main thread instead of running.
let options: RunOptions | undefined;
const handOver: typeof runCommand = {
  ...runCommand,
  handler: (args) => {
    options = runOptionsOf(args);
  },
};
const outcome = await runProgram(
  workerData as string[],
  commands.map((command) => (command === runCommand ? handOver : command)),
);
const answer: ParseAnswer =
  outcome.exitCode === 0 && options !== undefined ? { options } : { outcome };
parentPort?.postMessage(answer);
