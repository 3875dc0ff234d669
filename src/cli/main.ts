#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.js";
import { ExitCode, UsageError } from "../errors.js";

/**
 * The only place that sets the exit code. Handlers return promises; a UsageError (or a yargs
 * usage failure) becomes one line on stderr and exit 2, anything else one line and exit 1.
 */
async function main(argv: string[]): Promise<void> {
  const parser = yargs(argv)
    .scriptName("kintone-postman")
    .command(commands)
    .demandCommand(1, "Name a command: generate, run, stub or doctor.")
    .strict()
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kintone-postman: ${message.split("\n")[0]}\n`);
    process.exitCode = usage ? ExitCode.usage : ExitCode.failed;
  }
}

await main(hideBin(process.argv));
