import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStub, type RunningStub } from "../../src/stub/index.js";
import { cliPath, projectRoot, runCli } from "../helpers/cli.js";
import { asUser, call } from "./helpers.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kintone-stub-cli-"));
});

/** Starts `kintone-postman stub` and resolves with its output once it says it is listening. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [cliPath, "stub", ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("Press Ctrl+C to stop.")) resolve(stdout);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", () => reject(new Error(`stub exited early: ${stderr}`)));
  });
  return { child, ready, exited, output: () => stdout };
}

describe("kintone-postman stub", () => {
  it("prints where it listens and what a client needs, serves, and stops cleanly on SIGTERM", async () => {
    const cli = startCli(["--dir", dir, "--secure-access", "--user", "cli-user:pa:ss"]);
    const banner = await cli.ready;
    const port = Number(/kintone stub listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(banner)?.[1]);
    const passphrase = /pfx passphrase: (\S+)/.exec(banner)?.[1] ?? "";
    expect(banner).toContain(`client certificate: ${join(dir, "client.pfx")}`);
    expect(banner).toContain(`CA certificate: ${join(dir, "ca.crt")}`);
    const target = {
      url: `https://127.0.0.1:${port}`,
      caCertPath: join(dir, "ca.crt"),
    } as RunningStub;
    const response = await call(target, "GET", "/k/v1/app.json?id=1", {
      headers: asUser("cli-user", "pa:ss"),
      agent: { pfx: readFileSync(join(dir, "client.pfx")), passphrase },
    });
    expect(response.status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain("kintone stub stopped");
  });

  it("keeps a passphrase it was given to itself", async () => {
    const cli = startCli(["--dir", dir, "--pfx-passphrase", "given-pass"]);
    const banner = await cli.ready;
    expect(banner).not.toContain("given-pass");
    expect(banner).not.toContain("pfx passphrase");
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(0);
  });

  it("rejects bad input with one line and exit code 2", async () => {
    const badUser = await runCli(["stub", "--dir", dir, "--user", "nopassword"]);
    expect([badUser.code, badUser.stderr]).toEqual([
      2,
      'kintone-postman: --user "nopassword" is not LOGIN:PASSWORD\n',
    ]);
    const badBasic = await runCli(["stub", "--dir", dir, "--basic-auth", ":x"]);
    expect([badBasic.code, badBasic.stderr]).toEqual([
      2,
      'kintone-postman: --basic-auth ":x" is not USER:PASS\n',
    ]);
    const seed = join(dir, "bad-seed.json");
    await writeFile(seed, "[]");
    const badSeed = await runCli(["stub", "--dir", dir, "--seed", seed]);
    expect([badSeed.code, badSeed.stderr]).toEqual([
      2,
      `kintone-postman: seed file ${seed}: the seed must be an object\n`,
    ]);
  });

  describe("on a port already taken", () => {
    let taken: RunningStub;
    beforeAll(async () => {
      taken = await startStub({ dir });
    });
    afterAll(() => taken?.close());

    it("says so in one line", async () => {
      const result = await runCli(["stub", "--dir", dir, "--port", String(taken.port)]);
      expect([result.code, result.stderr]).toEqual([
        2,
        `kintone-postman: port ${taken.port} is already in use\n`,
      ]);
    });
  });
});
