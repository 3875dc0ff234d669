import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { UsageError } from "../errors.js";

/** File-system refusals the user can fix (a file where a folder should be, no permission). */
const USER_FIXABLE = new Set(["EEXIST", "ENOTDIR", "EACCES", "EPERM", "EROFS", "EISDIR"]);

/**
 * Writes every file to a temporary sibling first and renames them only once all were written, so
 * a failed write never leaves a half-written file behind (nor a new file beside an old one).
 */
export async function writeFilesAtomically(
  files: readonly { path: string; content: string | Uint8Array; mode?: number }[],
): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temp = `${file.path}.${process.pid}.tmp`;
      staged.push({ temp, path: file.path });
      // A leftover temp file would keep its old permissions: start from a new one.
      await rm(temp, { force: true });
      await writeFile(temp, file.content, { mode: file.mode ?? 0o644, flag: "wx" });
    }
    for (const { temp, path } of staged) await rename(temp, path);
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && USER_FIXABLE.has(code)) {
      const path = (error as NodeJS.ErrnoException).path ?? "the output folder";
      throw new UsageError(`cannot write ${path} (${code})`);
    }
    throw error;
  }
}

/** JSON as the generated files spell it: two-space indent, final newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
