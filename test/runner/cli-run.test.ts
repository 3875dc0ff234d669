import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, runCli } from "../helpers/cli.js";
import { PASSPHRASE, seed, startStubFixture, type StubFixture } from "./stub-fixture.js";

const traceImports = fileURLToPath(new URL("../helpers/trace-imports.mjs", import.meta.url));

let fixture: StubFixture;
beforeAll(async () => {
  fixture = await startStubFixture();
});
afterAll(() => fixture.close());

/** Flags of a passing Smoke run against the stub. */
function smokeArgs(pfx = fixture.pfx.aes): string[] {
  return [
    "run",
    fixture.collectionPath,
    "--app",
    "1",
    "--api-token",
    seed.app1Token,
    "--ssl-client-pfx",
    pfx,
    "--ssl-client-passphrase",
    PASSPHRASE,
    "--ssl-extra-ca-certs",
    fixture.stub.caCertPath,
  ];
}

function expectOneLineError(stderr: string, text: string) {
  expect(stderr).toMatch(/^kintone-postman: .+\n$/);
  expect(stderr).toContain(text);
}

describe("kintone-postman run", () => {
  it("passes with exit 0 and Newman's own report, never printing a secret", async () => {
    const result = await runCli(smokeArgs());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("❏ Smoke"); // Newman's cli reporter
    expect(result.stdout).toContain("Ran 7 requests (0 failed) and 14 tests (0 failed)\n");
    expect(result.stdout).not.toContain(seed.app1Token);
  });

  it("takes its whole configuration from KINTONE_* variables and the default files", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "kintone-postman-cwd-"));
    await mkdir(join(cwd, "collections"));
    await copyFile(
      fixture.collectionPath,
      join(cwd, "collections/kintone.postman_collection.json"),
    );
    const environment = JSON.parse(await readFile(fixture.environmentPath, "utf8")) as {
      values: { key: string; value: string }[];
    };
    for (const variable of environment.values) if (variable.key === "appId") variable.value = "1";
    await writeFile(
      join(cwd, "collections/kintone.postman_environment.json"),
      JSON.stringify(environment),
    );
    const result = await runCli(["run"], {
      cwd,
      env: {
        KINTONE_BASE_URL: fixture.stub.url,
        KINTONE_API_TOKEN: seed.app1Token,
        KINTONE_PFX_FILE_PATH: fixture.pfx.legacy,
        KINTONE_PFX_FILE_PASSWORD: PASSPHRASE,
        // Node's own variable: trusted by Newman's requests as by any Node TLS client.
        NODE_EXTRA_CA_CERTS: fixture.stub.caCertPath,
      },
    });
    await rm(cwd, { recursive: true, force: true });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ran 7 requests (0 failed)");
  });

  it("exits 2 with one line naming the file on a wrong passphrase", async () => {
    const args = smokeArgs();
    args[args.indexOf(PASSPHRASE)] = "wrong";
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expectOneLineError(
      result.stderr,
      `wrong passphrase for client certificate "${fixture.pfx.aes}"`,
    );
    expect(result.stdout).toBe("");
  });

  it("exits 1 with the Secure Access line when no certificate is sent", async () => {
    const result = await runCli([
      "run",
      fixture.collectionPath,
      "--app",
      "1",
      "--api-token",
      seed.app1Token,
      "--ssl-extra-ca-certs",
      fixture.stub.caCertPath,
      "-r",
      "progress",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "Secure Access needs the client certificate (--ssl-client-pfx)",
    );
    expectOneLineError(result.stderr, "run failed (7 failures)");
  });

  it("exits 1 on CB_WA01 with its hint", async () => {
    const result = await runCli([
      ...smokeArgs(),
      "--username",
      "Administrator",
      "--password",
      "wrong-password",
      "-r",
      "junit",
      "--reporter-junit-export",
      join(fixture.dir, "cb-wa01.xml"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "CB_WA01 (7 responses): wrong login name or password: check username and password",
    );
    const junit = await readFile(join(fixture.dir, "cb-wa01.xml"), "utf8");
    expect(junit).toContain("CB_WA01");
    // The password travels base64-encoded with the login name: neither form may show.
    const sent = Buffer.from("Administrator:wrong-password").toString("base64");
    for (const text of [result.stdout, result.stderr, junit]) {
      expect(text).not.toContain("wrong-password");
      expect(text).not.toContain(sent);
    }
  });

  it("rejects unknown folders and conflicting flags as usage errors", async () => {
    const unknown = await runCli([...smokeArgs(), "--folder", "Nope"]);
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown.stderr, 'has no folder or request named "Nope"');
    const bail = await runCli([...smokeArgs(), "--bail", "sometimes"]);
    expect(bail.code).toBe(2);
    expectOneLineError(bail.stderr, "--bail takes folder or failure");
    const envVar = await runCli([...smokeArgs(), "--env-var", "hunter2"]);
    expect(envVar.code).toBe(2);
    expectOneLineError(envVar.stderr, "--env-var expects key=value");
    expect(envVar.stderr).not.toContain("hunter2");
    const baseUrl = await runCli([...smokeArgs(), "--base-url", "ftp://127.0.0.1"]);
    expect(baseUrl.code).toBe(2);
    expectOneLineError(baseUrl.stderr, "--base-url must use https");
    const exported = await runCli([...smokeArgs(), "--export-environment", fixture.dir]);
    expect(exported.code).toBe(2);
    expectOneLineError(exported.stderr, "--export-environment: ");
    expect(baseUrl.stdout + envVar.stdout + exported.stdout).toBe("");
  });

  it("decodes with node-forge only a pfx Node refuses", async () => {
    const modern = await runCli([...smokeArgs(fixture.pfx.aes), "-r", "progress"], {
      nodeArgs: ["--import", traceImports],
    });
    expect(modern.code).toBe(0);
    expect(modern.stderr).toMatch(/import:newman\b/);
    expect(modern.stderr).not.toContain("import:./pfx-decode.js");
    const legacy = await runCli([...smokeArgs(fixture.pfx.legacy), "-r", "progress"], {
      nodeArgs: ["--import", traceImports],
    });
    expect(legacy.code).toBe(0);
    expect(legacy.stderr).toContain("import:./pfx-decode.js");
  });
});

describe("kintone-postman run, interrupted", () => {
  let slow: Server;
  let slowUrl: string;
  let received = 0;
  beforeAll(async () => {
    // A Secure Access server that takes the request and never answers.
    slow = createServer(
      {
        cert: readFileSync(join(fixture.stub.dir, "server.crt")),
        key: readFileSync(join(fixture.stub.dir, "server.key")),
        ca: readFileSync(fixture.stub.caCertPath),
        requestCert: true,
        rejectUnauthorized: true,
      },
      () => (received += 1),
    );
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    slowUrl = `https://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  });

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`removes the re-encoded certificate on ${signal}, then ends by that signal`, async () => {
      const tmp = await mkdtemp(join(tmpdir(), "kintone-postman-signal-"));
      const before = received;
      const child = spawn(
        process.execPath,
        [cliPath, ...smokeArgs(fixture.pfx.legacy), "--base-url", slowUrl, "-r", "progress"],
        { env: { PATH: process.env.PATH ?? "", TMPDIR: tmp }, stdio: "ignore" },
      );
      const ended = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, by) => resolve(by)),
      );
      try {
        // Wait until the request hangs on the server: the temporary files exist by then.
        await waitFor(async () => received > before && (await readdir(tmp)).length === 1);
        expect((await readdir(tmp))[0]).toMatch(/^kintone-postman-/);
        child.kill(signal);
        expect(await ended).toBe(signal);
        expect(await readdir(tmp)).toEqual([]);
      } finally {
        child.kill("SIGKILL");
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
