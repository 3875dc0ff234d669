#!/usr/bin/env node
import { stopWhenOutputCloses } from "../process/signals.js";
import type { Outcome } from "./outcome.js";
import { hasIdleCore, isPlainRun, runWhileParsing } from "./run-while-parsing.js";

/**
 * The only place that sets the exit code. A plain `run`, with a core to spare, reads its flags on
 * a second thread while this one loads Newman (run-while-parsing.ts); every other command line
 * goes straight to the yargs program, imported on demand so that path stays as it was.
 */
async function main(argv: string[]): Promise<void> {
  const outcome: Outcome =
    isPlainRun(argv) && hasIdleCore()
      ? await runWhileParsing(argv)
      : await (await import("./program.js")).runProgram(argv);
  if (outcome.message !== undefined) process.stderr.write(`kintone-postman: ${outcome.message}\n`);
  process.exitCode = outcome.exitCode;
}

stopWhenOutputCloses();
// yargs' hideBin, without loading yargs for it: this is never a bundled Electron app.
await main(process.argv.slice(2));
