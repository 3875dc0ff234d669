import { createRequire } from "node:module";
import type { Arguments } from "yargs";
import { commands } from "./commands/index.js";
import { ExitCode, UsageError } from "../errors.js";
import { ownVersion } from "./version.js";

// yargs' CommonJS build: the same code bundled into one file, where its ES module entry is some
// thirty modules, each read, compiled and linked on its own. Importing and running a parser cost
// 76 ms of CPU above `node -e 0` this way against 100 ms (12 alternating rounds, loaded 2-core
// machine). Its help text is laid out by cliui's CommonJS build too, which wraps at word
// boundaries where the ES module build cut words in two.
const yargs = createRequire(import.meta.url)("yargs/yargs") as typeof import("yargs/yargs");

/**
 * The only place that decides the exit code. Handlers return promises; a UsageError (or a yargs
 * usage failure) becomes one line on stderr and exit 2, anything else one line and exit 1 — never
 * a stack trace. Apart from `--help` and `--version` (yargs exits after printing them), this
 * returns, so the bin and an in-process caller see the same outcome.
 */
export async function runCommandLine(argv: string[]): Promise<ExitCode> {
  const parser = yargs(argv);
  parser
    .scriptName("kintone-postman")
    // Lets the secret flags (SECRET_VALUE in options/connection.ts) take a value that starts with "-".
    .parserConfiguration({ "nargs-eats-options": true })
    .middleware((args) => lastValueWins(args, parser), true)
    .command(commands)
    .demandCommand(1, "Name a command: generate, run, doctor, stub or demo.")
    .strict()
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version(ownVersion())
    // yargs lays out the help text after every command, shown or not; wrapping it is the costly
    // part, so only `--help` pays for it.
    .wrap(wantsHelp(argv) ? Math.min(100, process.stdout.columns || 100) : null)
    .fail((message, error) => {
      // yargs reports its own usage errors, and errors of `coerce` callbacks, as YError.
      if (error === undefined || error.name === "YError") {
        throw new UsageError(error?.message ?? message);
      }
      throw error;
    });
  try {
    await parser.parseAsync();
    return ExitCode.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kintone-postman: ${message.split("\n")[0]}\n`);
    return error instanceof UsageError ? ExitCode.usage : ExitCode.failed;
  }
}

function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/**
 * A flag given twice takes its last value, as in Newman, instead of turning into a list the
 * command cannot use; options declared `array` (`--api-token`, `--folder`) still collect.
 */
function lastValueWins(argv: Arguments, parser: unknown): void {
  // yargs hands middleware its parser; `getOptions()` is there at run time, not in the types.
  const arrays = new Set((parser as { getOptions(): { array: string[] } }).getOptions().array);
  for (const [key, value] of Object.entries(argv)) {
    if (Array.isArray(value) && key !== "_" && !arrays.has(key)) argv[key] = value.at(-1);
  }
}
