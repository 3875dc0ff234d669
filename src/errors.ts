/**
 * An error the user can fix: bad flags, a missing file, a wrong passphrase. The CLI prints its
 * message as one line and exits 2 — never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  /** A request or a test failed (kintone error, TLS refusal). */
  failed: 1,
  /** Usage or configuration error. */
  usage: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
