import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, expectOneLineError, runCli } from "../helpers/cli.js";
import { tempDirEachTest } from "../helpers/temp-dir.js";
import { PASSPHRASE, seed, startStubFixture, type StubFixture } from "./stub-fixture.js";

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

describe("kintone-postman run", () => {
  const tmp = tempDirEachTest("kintone-postman-cli-run-");

  it("passes with exit 0 and Newman's own report, never printing a secret nor loading node-forge for a modern pfx", async () => {
    const result = await runCli(smokeArgs(fixture.pfx.aes), { traceImports: true });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("❏ Smoke"); // Newman's cli reporter
    expect(result.stdout).toContain("Ran 7 requests (0 failed) and 14 tests (0 failed)\n");
    expect(result.stdout).not.toContain(seed.app1Token);
    expect(result.imports).toContain("newman"); // the trace works…
    expect(result.imports).not.toContain("./pfx-decode.js"); // …and node-forge's decoder stays out
  });

  it("takes its whole configuration from KINTONE_* variables and the default files, decoding a legacy pfx with node-forge", async () => {
    const cwd = tmp.path;
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
      traceImports: true,
      env: {
        KINTONE_BASE_URL: fixture.stub.url,
        KINTONE_API_TOKEN: seed.app1Token,
        KINTONE_PFX_FILE_PATH: fixture.pfx.legacy,
        KINTONE_PFX_FILE_PASSWORD: PASSPHRASE,
        // Node's own variable: trusted by Newman's requests as by any Node TLS client.
        NODE_EXTRA_CA_CERTS: fixture.stub.caCertPath,
      },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ran 7 requests (0 failed)");
    expect(result.imports).toContain("./pfx-decode.js");
  });

  it("exits 2 with one line naming the file on a wrong passphrase", async () => {
    const args = smokeArgs();
    args[args.indexOf(PASSPHRASE)] = "wrong";
    const result = await runCli(args);
    expectOneLineError(result, `wrong passphrase for client certificate "${fixture.pfx.aes}"`);
    expect(result.stdout).toBe("");
  });

  it("exits 1 with one line on CB_WA01, its hint on stdout, and no password anywhere", async () => {
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
    expectOneLineError(result, "run failed (7 failures)", 1);
    expect(result.stdout).toContain(
      "CB_WA01 (7 responses): wrong login name or password: check -u/--username (KINTONE_USERNAME) and -p/--password (KINTONE_PASSWORD)",
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

  // The runner's own refusals (unknown folder, --env-var, --base-url, --export-environment) are
  // UsageErrors tested in run.test.ts; here, one the command itself raises, before Newman loads.
  it("refuses a bad flag value with exit 2 and one line, before any request", async () => {
    const start = fixture.stub.requests.length;
    const bail = await runCli([...smokeArgs(), "--bail", "sometimes"]);
    expectOneLineError(bail, '--bail takes folder or failure, not "sometimes"');
    expect(bail.stdout).toBe("");
    expect(fixture.stub.requests.length).toBe(start);
  });
});

describe("kintone-postman run, interrupted", () => {
  const signalTmp = tempDirEachTest("kintone-postman-signal-");
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

  // SIGTERM during a legacy-pfx run is the canary test's (it checks the temporary folder too),
  // SIGINT the demo's; the hang-up of a closed terminal is this one's.
  for (const signal of ["SIGHUP"] as const) {
    it(`removes the re-encoded certificate on ${signal}, then ends by that signal`, async () => {
      const tmp = signalTmp.path;
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
      }
    });
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
