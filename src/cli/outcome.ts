import { ExitCode, UsageError } from "../errors.js";

/** How a command line ended: its exit code and, for a failure, the one line to print. */
export interface Outcome {
  exitCode: ExitCode;
  message?: string;
}

/**
 * The only place that decides what the CLI says and exits with: a failure is one line on stderr,
 * never a stack trace (the bin sets the exit code this returns).
 */
export function reportOutcome(outcome: Outcome): ExitCode {
  if (outcome.message !== undefined) process.stderr.write(`kintone-postman: ${outcome.message}\n`);
  return outcome.exitCode;
}

/** A failure as the CLI reports it: the first line of its message, exit 2 for a UsageError. */
export function failureOf(error: unknown): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: error instanceof UsageError ? ExitCode.usage : ExitCode.failed,
    message: message.split("\n")[0],
  };
}
