import { UsageError } from "../errors.js";
import { MAX_API_TOKENS } from "./headers.js";

/** Checks every command applies to connection settings (generate, run, doctor). */
export function checkGuestSpaceId(guestSpaceId: string | undefined): void {
  if (guestSpaceId === undefined || guestSpaceId === "") return;
  if (!/^[1-9][0-9]*$/.test(guestSpaceId)) {
    throw new UsageError(`--guest-space-id must be a positive integer, not "${guestSpaceId}"`);
  }
}

export function checkApiTokens(tokens: readonly string[] | undefined): void {
  if (tokens !== undefined && tokens.length > MAX_API_TOKENS) {
    throw new UsageError(
      `${tokens.length} API tokens given; kintone accepts at most ${MAX_API_TOKENS}`,
    );
  }
}
