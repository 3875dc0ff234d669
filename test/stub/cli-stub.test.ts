import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStub, type RunningStub } from "../../src/stub/index.js";
import { certificatesDirAllTests } from "../helpers/certificates.js";
import { cliPath, projectRoot, runCli } from "../helpers/cli.js";
import { asUser, call } from "./helpers.js";

const tmp = certificatesDirAllTests("kintone-stub-cli-");

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
  return { child, ready, exited, output: () => stdout, errors: () => stderr };
}

describe("kintone-postman stub", () => {
  it("prints where it listens and what a client needs, serves, and stops cleanly on SIGTERM", async () => {
    const cli = startCli(["--dir", tmp.path, "--secure-access", "--user", "cli-user:pa:ss"]);
    const banner = await cli.ready;
    const port = Number(/kintone stub listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(banner)?.[1]);
    const passphrase = /pfx passphrase: (\S+)/.exec(banner)?.[1] ?? "";
    // Pasted after --ssl-client-passphrase: a leading "-" would read as flags there.
    expect(passphrase).toMatch(/^[0-9a-f]{24}$/);
    expect(banner).toContain(`client certificate: ${join(tmp.path, "client.pfx")}`);
    expect(banner).toContain(`CA certificate: ${join(tmp.path, "ca.crt")}`);
    expect(banner).toContain(
      `pfx passphrase: ${passphrase} (kept in ${join(tmp.path, "client.pfx.passphrase")})`,
    );
    const target = {
      url: `https://127.0.0.1:${port}`,
      caCertPath: join(tmp.path, "ca.crt"),
    } as RunningStub;
    const response = await call(target, "GET", "/k/v1/app.json?id=1", {
      headers: asUser("cli-user", "pa:ss"),
      agent: { pfx: readFileSync(join(tmp.path, "client.pfx")), passphrase },
    });
    expect(response.status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain("kintone stub stopped");
  });

  it("keeps a passphrase it was given to itself", async () => {
    const cli = startCli(["--dir", tmp.path, "--pfx-passphrase", "given-pass"]);
    const banner = await cli.ready;
    expect(banner).not.toContain("given-pass");
    expect(banner).not.toContain("pfx passphrase");
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(0);
  });

  it("warns once when the persist file cannot be written, and keeps serving", async () => {
    const persist = join(tmp.path, "blocked-state.json");
    const cli = startCli(["--dir", tmp.path, "--persist", persist]);
    await cli.ready;
    // A folder where the file goes makes every write fail.
    await mkdir(persist);
    const port = Number(/https:\/\/127\.0\.0\.1:(\d+)/.exec(cli.output())?.[1]);
    const target = { url: `https://127.0.0.1:${port}`, caCertPath: join(tmp.path, "ca.crt") };
    for (const text of ["one", "two"]) {
      const added = await call(target as RunningStub, "POST", "/k/v1/record.json", {
        headers: asUser(),
        body: { app: 1, record: { Text: { value: text } } },
      });
      expect(added.status).toBe(200);
    }
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.errors()).toBe(
      `kintone-postman: warning: cannot write persist file ${persist} (EISDIR); ` +
        "changes stay in memory and are written with the next one\n",
    );
  });

  it("rejects bad input with one line and exit code 2, without echoing secrets", async () => {
    const badUser = await runCli(["stub", "--dir", tmp.path, "--user", "s3cret-alone"]);
    expect([badUser.code, badUser.stderr]).toEqual([
      2,
      "kintone-postman: --user must be LOGIN:PASSWORD, with a name before the colon\n",
    ]);
    const badBasic = await runCli(["stub", "--dir", tmp.path, "--basic-auth", ":s3cret"]);
    expect([badBasic.code, badBasic.stderr]).toEqual([
      2,
      "kintone-postman: --basic-auth must be USER:PASS, with a name before the colon\n",
    ]);
    const seed = join(tmp.path, "bad-seed.json");
    await writeFile(seed, "[]");
    const badSeed = await runCli(["stub", "--dir", tmp.path, "--seed", seed]);
    expect([badSeed.code, badSeed.stderr]).toEqual([
      2,
      `kintone-postman: seed file ${seed}: the seed must be an object\n`,
    ]);
  });

  it("names --port when it is not a port number", async () => {
    for (const port of ["abc", "99999", "-1"]) {
      const result = await runCli(["stub", "--dir", tmp.path, "--port", port]);
      expect([result.code, result.stderr], port).toEqual([
        2,
        "kintone-postman: --port must be a whole number from 0 to 65535 (0: any free port)\n",
      ]);
    }
  });

  it("names a --dir that cannot hold the certificates, and stops listening for signals", async () => {
    const file = join(tmp.path, "not-a-folder");
    await writeFile(file, "");
    const listening = process.listenerCount("SIGTERM");
    const result = await runCli(["stub", "--dir", file]);
    expect([result.code, result.stderr]).toEqual([
      2,
      `kintone-postman: cannot keep the certificates in ${file}: it is a file, not a folder\n`,
    ]);
    // A stub that never came up leaves no handler behind (this test runs the command in-process).
    expect(process.listenerCount("SIGTERM")).toBe(listening);
  });

  describe("on a port already taken", () => {
    let taken: RunningStub;
    beforeAll(async () => {
      taken = await startStub({ dir: tmp.path });
    });
    afterAll(() => taken?.close());

    it("says so in one line", async () => {
      const result = await runCli(["stub", "--dir", tmp.path, "--port", String(taken.port)]);
      expect([result.code, result.stderr]).toEqual([
        2,
        `kintone-postman: port ${taken.port} is already in use\n`,
      ]);
    });
  });
});
