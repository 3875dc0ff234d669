#!/usr/bin/env node
import { stopWhenOutputCloses } from "../process/signals.js";
import { reportOutcome } from "./outcome.js";
import { hasIdleCore, isPlainRun, runWhileParsing } from "./run-while-parsing.js";

// A plain `run`, with a core to spare, reads its flags on a second thread while this one loads
// Newman (run-while-parsing.ts); every other command line goes straight to the yargs program,
// imported on demand so that path stays as it was. yargs' hideBin is `slice(2)` here, without
// loading yargs for it: this is never a bundled Electron app.
stopWhenOutputCloses();
const argv = process.argv.slice(2);
process.exitCode =
  isPlainRun(argv) && hasIdleCore()
    ? reportOutcome(await runWhileParsing(argv))
    : await (await import("./command-line.js")).runCommandLine(argv);
