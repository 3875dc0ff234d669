import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLEANUP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Files a run needs on disk only because Newman reads certificates by path. They live in one
 * private directory (mkdtemp, files mode 0600), made on the first write, and go when the run
 * ends: `dispose()` on success or failure, and a signal handler for Ctrl-C, SIGTERM and a closed
 * terminal (SIGHUP), which cleans up and then re-raises the signal so the process still ends the
 * way it was told to.
 */
export class TempFiles {
  #dir: string | undefined;
  readonly #onSignal = (signal: NodeJS.Signals) => {
    try {
      this.dispose();
    } catch {
      // The process is ending either way; a stack trace would only hide why.
    }
    process.kill(process.pid, signal);
  };
  // A last resort when something ends the process without a signal (process.exit elsewhere).
  readonly #onExit = () => this.dispose();

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
    for (const signal of CLEANUP_SIGNALS) process.off(signal, this.#onSignal);
    process.off("exit", this.#onExit);
  }

  #ensureDir(): string {
    if (this.#dir === undefined) {
      this.#dir = mkdtempSync(join(tmpdir(), "kintone-postman-"));
      for (const signal of CLEANUP_SIGNALS) process.once(signal, this.#onSignal);
      process.once("exit", this.#onExit);
    }
    return this.#dir;
  }
}
