import { ExitCode, UsageError } from "../errors.js";

/** How a command line ended: its exit code and, for a failure, the one line to print. */
export interface Outcome {
  exitCode: (typeof ExitCode)[keyof typeof ExitCode];
  message?: string;
}

/** A failure as the CLI reports it: the first line of its message, exit 2 for a UsageError. */
export function failureOf(error: unknown): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: error instanceof UsageError ? ExitCode.usage : ExitCode.failed,
    message: message.split("\n")[0],
  };
}
