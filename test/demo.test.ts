import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { cliPath, projectRoot } from "./helpers/cli.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

describe("npm run demo", () => {
  // The demo's own temporary folder in the signal tests: whatever it leaves there is easy to see.
  const tmp = tempDirEachTest("kintone-postman-signal-test-");

  // The demo's run itself (the Smoke folder green over Secure Access, nothing left in its
  // temporary folder) is the canary test's `demo` scenario, which also shows it ignores KINTONE_*
  // variables and leaks none of them: test/security/canary-secrets.test.ts.

  // Every command stops through the same signal handling (src/process/signals.ts): SIGTERM is
  // the canary test's, on `run`; SIGHUP is cli-run's.
  it.each(["SIGINT"] as const)(
    "removes its folder when stopped with %s, then ends by that signal",
    async (signal) => {
      const child = spawn(process.execPath, [cliPath, "demo"], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? "", TMPDIR: tmp.path },
        stdio: ["ignore", "pipe", "pipe"],
      });
      try {
        const closed = once(child, "close");
        let stdout = "";
        await new Promise<void>((resolve, reject) => {
          child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            if (stdout.includes("1. kintone stub")) resolve();
          });
          child.on("close", () => reject(new Error(`demo ended before starting: ${stdout}`)));
        });
        expect(await readdir(tmp.path)).not.toEqual([]);
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.kill(signal);
        const [code, endedBy] = await closed;
        expect({ code, endedBy, stderr }).toEqual({ code: null, endedBy: signal, stderr: "" });
        expect(await readdir(tmp.path, { recursive: true })).toEqual([]);
      } finally {
        child.kill("SIGKILL");
      }
    },
  );
});
