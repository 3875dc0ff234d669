import { statSync } from "node:fs";
import { UsageError } from "../errors.js";

export { checkApiTokens, checkGuestSpaceId } from "../kintone/connection-checks.js";

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
