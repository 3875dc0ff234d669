import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { SECRET_KEYS } from "../environment/variables.js";
import { UsageError } from "../errors.js";
import { toJsonText, writeFilesAtomically } from "../files/write-atomic.js";
import type { RunListener } from "./newman.js";

interface ScopeJson {
  values?: { key?: string; value?: unknown }[];
  [field: string]: unknown;
}

const FLAG = "--export-environment";

/**
 * `--export-environment`, done here rather than by Newman so secrets never reach the disk: the
 * final environment is captured when the run ends, its secret values blanked, and written in
 * Postman's export format. `includeSecrets` keeps a secret only while it still has the value
 * `fileValue` gives for it (the environment file's, unless given for the run), so a secret from
 * anywhere else is never written.
 */
export class EnvironmentExport {
  #captured: ScopeJson | undefined;

  constructor(
    readonly path: string,
    readonly includeSecrets: boolean,
    readonly fileValue: (key: string) => string | undefined,
  ) {}

  /** Refuses, before the run starts, a path the export could not be written to. */
  async checkPath(): Promise<void> {
    // A missing folder is created when the export is written, as Newman creates the folders of its exports.
    if ((await stat(this.path).catch(() => undefined))?.isDirectory()) {
      throw new UsageError(`${FLAG}: "${this.path}" is a directory`);
    }
  }

  /** Runs ahead of every other `beforeDone` listener, before anything masks the summary. */
  readonly listener: RunListener = (emitter) => {
    emitter.prependListener(
      "beforeDone",
      (_error: unknown, event?: { summary?: { environment?: { toJSON(): ScopeJson } } }) => {
        this.#captured = event?.summary?.environment?.toJSON();
      },
    );
  };

  /** Writes the export; false when the run ended before there was an environment to export. */
  async write(): Promise<boolean> {
    if (this.#captured === undefined) return false;
    const values = (this.#captured.values ?? []).map((variable) =>
      variable.key !== undefined && SECRET_KEYS.has(variable.key) && !this.#keeps(variable)
        ? { ...variable, value: "" }
        : variable,
    );
    const exported = {
      ...this.#captured,
      values,
      _postman_variable_scope: "environment",
      _postman_exported_at: new Date().toISOString(),
      _postman_exported_using: "kintone-postman",
    };
    const holdsSecrets = values.some(
      (v) => v.key !== undefined && SECRET_KEYS.has(v.key) && isFilled(v.value),
    );
    try {
      await mkdir(dirname(resolve(this.path)), { recursive: true });
      // A new file renamed into place: an existing, more open file never receives the secrets.
      await writeFilesAtomically([
        { path: this.path, content: toJsonText(exported), mode: holdsSecrets ? 0o600 : 0o644 },
      ]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
      throw new UsageError(`${FLAG}: cannot write "${this.path}" (${code})`);
    }
    return true;
  }

  #keeps(variable: { key?: string; value?: unknown }): boolean {
    return (
      this.includeSecrets &&
      isFilled(variable.value) &&
      variable.value === this.fileValue(variable.key ?? "")
    );
  }
}

function isFilled(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}
