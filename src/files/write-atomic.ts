import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes every file to a temporary sibling first and renames only when all were written, so an
 * interrupted or failed run never leaves a half-written file behind.
 */
export async function writeFilesAtomically(
  files: readonly { path: string; content: string; mode?: number }[],
): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temp = `${file.path}.${process.pid}.tmp`;
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.content, { mode: file.mode ?? 0o644 });
    }
    for (const { temp, path } of staged) await rename(temp, path);
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
}

/** JSON as the generated files spell it: two-space indent, final newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
