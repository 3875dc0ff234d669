import { writeFile } from "node:fs/promises";
import { SECRET_KEYS } from "../environment/variables.js";
import type { RunListener } from "./newman.js";

interface ScopeJson {
  values?: { key?: string; value?: unknown }[];
  [field: string]: unknown;
}

/**
 * `--export-environment`, done here rather than by Newman so secrets never reach the disk: the
 * final environment is captured when the run ends, its secret values blanked unless asked
 * otherwise, and written in Postman's export format.
 */
export class EnvironmentExport {
  #captured: ScopeJson | undefined;

  constructor(
    readonly path: string,
    readonly includeSecrets: boolean,
  ) {}

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
      !this.includeSecrets && variable.key !== undefined && SECRET_KEYS.has(variable.key)
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
    await writeFile(this.path, `${JSON.stringify(exported, null, 2)}\n`, {
      mode: this.includeSecrets ? 0o600 : 0o644,
    });
    return true;
  }
}
