import { spawnSync } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedCertificates } from "../helpers/certificates.js";
import { cliPath, projectRoot, runCli, type CliResult } from "../helpers/cli.js";
import { tempDirEachTest } from "../helpers/temp-dir.js";

const tmp = tempDirEachTest("kintone-postman-bad-input-");

function expectOneLineUsageError(result: CliResult, pattern: RegExp): void {
  expect(result.signal).toBeNull();
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
}

// Generate runs in this process: a command that never ends fails the test by its timeout.
describe("every unusable --out ends in bounded time with one line and exit 2", () => {
  it.each([
    ["/proc/x", /cannot write \/proc\/x \(ENOENT\)/],
    ["/proc/x/y/z", /cannot write \/proc\/x \(ENOENT\)/],
    ["/dev/null/x", /cannot write \/dev\/null\/x \(ENOTDIR\)/],
  ])(
    "--out %s",
    async (out, pattern) => {
      expectOneLineUsageError(await runCli(["generate", "--out", out]), pattern);
    },
    15_000,
  );

  it("--out naming a file", { timeout: 15_000 }, async () => {
    const file = join(tmp.path, "file");
    await writeFile(file, "");
    const result = await runCli(["generate", "--out", join(file, "sub")]);
    expectOneLineUsageError(result, /cannot write .*file\/sub \(ENOTDIR\)/);
  });
});

describe("stub --host that is no address here", () => {
  it("999.1.1.1 is one line and exit 2", { timeout: 30_000 }, async () => {
    // The stub prepares its certificates before it listens: with the shared ones in its folder,
    // only the server certificate (which must name the host) is made anew.
    await cp(sharedCertificates().dir, tmp.path, { recursive: true });
    const result = await runCli(["stub", "--dir", tmp.path, "--host", "999.1.1.1"]);
    expectOneLineUsageError(result, /cannot listen on 999\.1\.1\.1: no such address here/);
  });
});

describe("--ssl-extra-ca-certs without a PEM certificate is refused", () => {
  it.each(["run", "doctor"])("%s: exit 2, one line naming the file", async (command) => {
    const notPem = join(tmp.path, "ca.txt");
    await writeFile(notPem, "not a certificate\n");
    const result = await runCli([
      command,
      "--base-url",
      "https://127.0.0.1:1",
      "--ssl-extra-ca-certs",
      notPem,
    ]);
    expectOneLineUsageError(result, /--ssl-extra-ca-certs: ".*ca\.txt" holds no PEM certificate/);
  });
});

describe("colours", () => {
  let collection: string;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kintone-postman-colors-"));
    // A collection for a port nothing listens on: the run fails fast and prints a failure table.
    const generated = await runCli(["generate", "--base-url", "https://127.0.0.1:1", "--out", dir]);
    expect(generated.code).toBe(0);
    collection = join(dir, "kintone.postman_collection.json");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const failingRun = () => ["run", collection, "-u", "someone", "-p", "x", "--app", "1"];
  const ESC = "\u001b[";
  // Colour is decided by what stdout is and by the environment: a process of its own each time.

  it("a piped report, failure table included, carries no escape codes", async () => {
    // TERM says "a terminal that takes colours", yet the output is a pipe.
    const result = await runCli(failingRun(), { env: { TERM: "xterm" }, spawn: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("failure");
    expect(result.stdout).not.toContain(ESC);
  });

  it("--color on colours even a piped report", async () => {
    const result = await runCli([...failingRun(), "--color", "on"], { spawn: true });
    expect(result.stdout).toContain(ESC);
  });

  // `script` gives the command a terminal, where colours are on unless NO_COLOR says otherwise.
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!hasScript)("on a terminal: coloured, and plain with NO_COLOR", () => {
    const onTerminal = (env: Record<string, string>) =>
      spawnSync(
        "script",
        ["-qec", [process.execPath, cliPath, ...failingRun()].join(" "), "/dev/null"],
        {
          cwd: projectRoot,
          env: { PATH: process.env.PATH ?? "", TERM: "xterm", ...env },
          encoding: "utf8",
          timeout: 60_000,
        },
      ).stdout;
    expect(onTerminal({})).toContain(ESC);
    expect(onTerminal({ NO_COLOR: "1" })).not.toContain(ESC);
  });
});
