import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { runDemo } from "../src/demo/run-demo.js";
import { cliPath, projectRoot } from "./helpers/cli.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

describe("npm run demo", () => {
  // The demo's own temporary folder in the signal tests: whatever it leaves there is easy to see.
  const tmp = tempDirEachTest("kintone-postman-signal-test-");

  it("runs the Smoke folder over Secure Access against the local stub and cleans up", async () => {
    const before = await demoDirs();
    const lines: string[] = [];
    const result = await runDemo({ print: (line) => lines.push(line), reporters: [] });
    expect(lines[0]).toMatch(/^1\. kintone stub with Secure Access on https:\/\/127\.0\.0\.1:\d+$/);
    expect(result.exitCode).toBe(0);
    // The Smoke folder: 7 requests, two tests each.
    expect(result.requests).toEqual({ total: 7, failed: 0 });
    expect(result.tests).toEqual({ total: 14, failed: 0 });
    expect(await demoDirs()).toEqual(before);
  });

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

async function demoDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith("kintone-postman-demo-"));
}
