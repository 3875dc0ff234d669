import { statSync } from "node:fs";
import { UsageError } from "../errors.js";
import { MAX_API_TOKENS } from "../kintone/headers.js";

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

export function checkPfxFile(pfxPath: string | undefined): void {
  if (pfxPath === undefined || pfxPath === "") return;
  const stats = statSync(pfxPath, { throwIfNoEntry: false });
  if (stats === undefined) throw new UsageError(`client certificate not found: ${pfxPath}`);
  if (!stats.isFile()) throw new UsageError(`client certificate is not a file: ${pfxPath}`);
}

/** The name becomes file names: keep it to one path segment of safe characters. */
export function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new UsageError(
      `--name "${name}" must be letters, digits, dots, dashes or underscores (it names the files)`,
    );
  }
}
