#!/usr/bin/env node
import { stopWhenOutputCloses } from "../process/signals.js";
import { runCommandLine } from "./command-line.js";

stopWhenOutputCloses();
// yargs' hideBin is `slice(2)` here: this is never a bundled Electron app.
process.exitCode = await runCommandLine(process.argv.slice(2));
