import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanUpOnStop } from "../process/signals.js";

/**
 * Files a run needs on disk only because Newman reads certificates by path. They live in one
 * private directory (mkdtemp, files mode 0600), made on the first write, and go when the run
 * ends: `dispose()` on success or failure, and on Ctrl-C, SIGTERM or a closed terminal through
 * the shared stop-signal handling, which then ends the process the way it was told.
 */
export class TempFiles {
  #dir: string | undefined;
  #removeHandlers: (() => void) | undefined;

  /** The directory, once a file was written. */
  get dir(): string | undefined {
    return this.#dir;
  }

  write(name: string, content: string | Buffer): string {
    const path = join(this.#ensureDir(), name);
    writeFileSync(path, content, { mode: 0o600, flag: "wx" });
    return path;
  }

  /** Safe to call more than once. Synchronous, so it also works inside signal and exit handlers. */
  dispose(): void {
    if (this.#dir === undefined) return;
    rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
    this.#removeHandlers?.();
    this.#removeHandlers = undefined;
  }

  #ensureDir(): string {
    if (this.#dir === undefined) {
      this.#dir = mkdtempSync(join(tmpdir(), "kintone-postman-"));
      this.#removeHandlers = cleanUpOnStop(() => this.dispose());
    }
    return this.#dir;
  }
}
