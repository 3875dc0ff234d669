#!/usr/bin/env node
import { hideBin } from "yargs/helpers";
import { stopWhenOutputCloses } from "../process/signals.js";
import { runCommandLine } from "./command-line.js";

stopWhenOutputCloses();
process.exitCode = await runCommandLine(hideBin(process.argv));
