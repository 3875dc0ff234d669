import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { UsageError } from "../errors.js";

/** File-system refusals the user can fix (a file where a folder should be, no permission). */
const USER_FIXABLE = new Set(["EEXIST", "ENOTDIR", "EACCES", "EPERM", "EROFS", "EISDIR"]);

/** A file's content: text, bytes, or text in pieces (written as they come, never joined). */
export type FileContent = string | Uint8Array | Iterable<string>;

/**
 * Writes every file to a temporary sibling first and renames them only once all were written, so
 * a failed write never leaves a half-written file behind (nor a new file beside an old one).
 */
export async function writeFilesAtomically(
  files: readonly { path: string; content: FileContent; mode?: number }[],
): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await makeFolder(dirname(file.path));
      const temp = `${file.path}.${process.pid}.tmp`;
      staged.push({ temp, path: file.path });
      // A leftover temp file would keep its old permissions: start from a new one.
      await rm(temp, { force: true });
      const content =
        typeof file.content === "string" || file.content instanceof Uint8Array
          ? file.content
          : batched(file.content);
      await writeFile(temp, content, { mode: file.mode ?? 0o644, flag: "wx" });
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

/** Text pieces joined up to about 1 MB per write: fewer system calls, no file-sized string. */
function* batched(pieces: Iterable<string>): Generator<string> {
  let batch = "";
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= 1 << 20) {
      yield batch;
      batch = "";
    }
  }
  if (batch !== "") yield batch;
}

/**
 * `mkdir -p` in bounded time. Node's recursive mkdir retries for ever where a folder can never be
 * made but its parent exists (`/proc/x`: ENOENT under an existing folder); here each missing
 * folder is made once, from the nearest existing one down, and any refusal is the user's to fix.
 */
async function makeFolder(path: string): Promise<void> {
  const missing: string[] = [];
  let folder = path;
  while (!(await exists(folder))) {
    missing.unshift(folder);
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const each of missing) {
    try {
      await mkdir(each);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
      if (code === "EEXIST" && (await stat(each)).isDirectory()) continue;
      throw new UsageError(`cannot write ${each} (${code})`);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** JSON as the generated files spell it: two-space indent, final newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
