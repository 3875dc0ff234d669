import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { EnvironmentExport } from "../../src/runner/export-environment.js";
import { tempDirAllTests } from "../helpers/temp-dir.js";

const tmp = tempDirAllTests("kintone-postman-export-");

/** Feeds the export the final environment the way Newman's `beforeDone` event does. */
function endRun(exporter: EnvironmentExport, values: { key: string; value: string }[]) {
  const emitter = new EventEmitter();
  exporter.listener(emitter);
  emitter.emit("beforeDone", null, { summary: { environment: { toJSON: () => ({ values }) } } });
}

describe("EnvironmentExport", () => {
  it("writes nothing, and says so, when the run ended before its environment was final", async () => {
    const path = join(tmp.path, "never.json");
    expect(await new EnvironmentExport(path, true, () => undefined).write()).toBe(false);
    expect(existsSync(path)).toBe(false);
  });

  it("keeps with includeSecrets only the secrets the environment file holds", async () => {
    const path = join(tmp.path, "kept.json");
    const file = (key: string) => ({ apiToken: "from-file", password: "old" })[key];
    const exporter = new EnvironmentExport(path, true, file);
    endRun(exporter, [
      { key: "apiToken", value: "from-file" },
      { key: "password", value: "from-flag" },
      { key: "username", value: "A" },
    ]);
    expect(await exporter.write()).toBe(true);
    const { values } = JSON.parse(await readFile(path, "utf8")) as { values: unknown[] };
    expect(values).toEqual([
      { key: "apiToken", value: "from-file" },
      { key: "password", value: "" },
      { key: "username", value: "A" },
    ]);
  });

  it("refuses a missing directory and a directory as the path", async () => {
    const missing = new EnvironmentExport(
      join(tmp.path, "nope", "env.json"),
      false,
      () => undefined,
    );
    await expect(missing.checkPath()).rejects.toThrow(UsageError);
    const directory = new EnvironmentExport(tmp.path, false, () => undefined);
    await expect(directory.checkPath()).rejects.toThrow(
      `--export-environment: "${tmp.path}" is a directory`,
    );
  });
});
