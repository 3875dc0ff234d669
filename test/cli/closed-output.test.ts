import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { cliPath, projectRoot } from "../helpers/cli.js";
import { PASSPHRASE, seed, startStubFixture, type StubFixture } from "../runner/stub-fixture.js";

interface Closed {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/**
 * Runs the CLI with its own temporary folder (TMPDIR) and closes its stdout (or stderr) from the
 * reading end at once, as `| head -0` would: every write the command makes then fails with EPIPE.
 */
function runWithClosed(
  stream: "stdout" | "stderr",
  args: string[],
  tempDir: string,
  options: { signalAfterMs?: number } = {},
): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "", TMPDIR: tempDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    if (stream === "stdout") {
      child.stdout.destroy();
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    } else {
      child.stderr.destroy();
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    }
    const timer =
      options.signalAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill("SIGTERM"), options.signalAfterMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, stdout });
    });
  });
}

let fixture: StubFixture;
let tempDir: string;

beforeAll(async () => {
  fixture = await startStubFixture();
});
afterAll(() => fixture.close());
beforeEach(async () => {
  tempDir = await mkdtemp(join(tmpdir(), "kintone-postman-closed-"));
});
afterEach(() => rm(tempDir, { recursive: true, force: true }));

const credentials = ["-u", seed.admin.username, "-p", seed.admin.password, "--app", "1"];

function expectQuietEnd(result: Closed): void {
  expect(result.stderr).not.toContain("EPIPE");
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.signal).toBeNull();
}

describe("a closed stdout or stderr ends the command quietly, temporary secrets removed", () => {
  it("demo: exit 0, its folder (CA key, client pfx and passphrase) gone", async () => {
    const result = await runWithClosed("stdout", ["demo"], tempDir);
    expectQuietEnd(result);
    expect(result.code).toBe(0);
    expect(await readdir(tempDir)).toEqual([]);
  });

  // `run` (a legacy pfx, every reporter and export) is the canary test's closed-stdout scenario,
  // which checks the same quiet end, the temporary folder, and every output for secrets.

  it("doctor: exit 0 after a passing check", async () => {
    const args = ["doctor", "--base-url", fixture.stub.url, ...credentials];
    args.push("--ssl-client-pfx", fixture.pfx.aes, "--ssl-client-passphrase", PASSPHRASE);
    args.push("--ssl-extra-ca-certs", fixture.stub.caCertPath);
    const result = await runWithClosed("stdout", args, tempDir);
    expectQuietEnd(result);
    expect(result.code).toBe(0);
  });

  it("stub: stops serving, exit 0, its certificate folder gone", async () => {
    const result = await runWithClosed("stdout", ["stub", "--secure-access"], tempDir, {
      // Only if the closed output went unnoticed: the test then fails on the signal.
      signalAfterMs: 20_000,
    });
    expectQuietEnd(result);
    expect(result.code).toBe(0);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("a closed stderr keeps the usage error's exit code 2", async () => {
    const result = await runWithClosed("stderr", ["generate", "--guest-space-id", "x"], tempDir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
  });
});
