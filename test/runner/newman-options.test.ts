import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, runOptionsOf } from "../../src/cli/commands/run.js";
import type { RunOptions } from "../../src/runner/options.js";
import { reporterOptionsOf } from "../../src/runner/newman-options.js";
import { runCli } from "../helpers/cli.js";
import { PASSPHRASE, seed, startStubFixture, type StubFixture } from "./stub-fixture.js";

const newmanBin = fileURLToPath(
  new URL("../../node_modules/newman/bin/newman.js", import.meta.url),
);

/** Every flag of the installed Newman's `newman run --help`, with whether it takes a value. */
function newmanRunFlags(): { flag: string; takesValue: boolean }[] {
  const help = spawnSync(process.execPath, [newmanBin, "run", "--help"], { encoding: "utf8" });
  const flags: { flag: string; takesValue: boolean }[] = [];
  for (const line of help.stdout.split("\n")) {
    const match = /^\s+(?:-\w\s*,\s*)?(--[a-z][a-z-]*)(\s+[<[])?/.exec(line);
    if (match && match[1] !== "--help") flags.push({ flag: match[1]!, takesValue: !!match[2] });
  }
  return flags;
}

/** A value each flag accepts, as a Newman user would write it. */
const SAMPLE: Record<string, string> = {
  "--color": "off",
  "--reporters": "cli,json",
  "--bail": "folder",
  "--iteration-count": "2",
  "--delay-request": "5",
  "--timeout": "60000",
  "--timeout-request": "5000",
  "--timeout-script": "1000",
  "--global-var": "a=b",
  "--env-var": "a=b",
};

/** Parses a `run` command line exactly as the CLI does, without running anything. */
async function parseRun(args: string[]): Promise<RunOptions> {
  let options: RunOptions | undefined;
  await yargs(["run", "c.json", ...args])
    .command({ ...runCommand, handler: (parsed) => void (options = runOptionsOf(parsed)) })
    .strict()
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  return options!;
}

describe("every newman run option", () => {
  const flags = newmanRunFlags();

  it("is read from the installed Newman's help", () => {
    // Newman 6.2.2 lists 33 run options besides --help; the next test covers however many there are.
    expect(flags.length).toBeGreaterThanOrEqual(33);
    expect(flags).toContainEqual({ flag: "--suppress-exit-code", takesValue: false });
    expect(flags.map((f) => f.flag)).toContain("--no-insecure-file-read");
  });

  it("is accepted by run and reaches the options it hands to Newman", async () => {
    const baseline = JSON.stringify(await parseRun([]));
    const notMapped: string[] = [];
    for (const { flag, takesValue } of flags) {
      const value = SAMPLE[flag] ?? "value";
      const parsed = await parseRun(takesValue ? [flag, value] : [flag]).catch((error: Error) => {
        throw new Error(`${flag}: ${error.message}`);
      });
      if (JSON.stringify(parsed) === baseline) notMapped.push(flag);
    }
    expect(notMapped).toEqual([]);
  });

  it("keeps Newman's meaning for the pass-through flags", async () => {
    const parsed = await parseRun([
      "-g",
      "globals.json",
      "--global-var",
      "x=1=2",
      "--color",
      "off",
      "-x",
      "--no-insecure-file-read",
      "--timeout-script",
      "250",
      "--reporter-htmlextra-export",
      "out/report.html",
      "--reporter-cli-no-summary",
      "-r",
      "cli,htmlextra",
    ]);
    expect(parsed.newman).toMatchObject({
      globals: "globals.json",
      globalVar: [{ key: "x", value: "1=2" }],
      insecureFileRead: false,
      timeoutScript: 250,
    });
    expect(parsed.suppressExitCode).toBe(true);
    expect(parsed.color).toBe("off");
    expect(reporterOptionsOf(parsed.reporterFlags!, parsed.reporters!)).toEqual({
      reporter: { cli: { noSummary: true }, htmlextra: { export: "out/report.html" } },
      reporterOptions: {},
    });
  });

  it("gives a generic --reporter-<option> to every reporter, as Newman does", () => {
    expect(
      reporterOptionsOf(
        [
          ["silent", true],
          ["junit-export", "j.xml"],
        ],
        ["cli", "junit"],
      ),
    ).toEqual({
      reporter: { cli: { silent: true }, junit: { export: "j.xml", silent: true } },
      reporterOptions: { silent: true },
    });
  });
});

describe("newman run options against the stub", () => {
  let fixture: StubFixture;
  let out: string;
  let server: Server;
  let served: string;
  beforeAll(async () => {
    fixture = await startStubFixture();
    out = await mkdtemp(join(tmpdir(), "kintone-postman-newman-options-"));
    const collection = await readFile(fixture.collectionPath, "utf8");
    server = createServer((request, response) => {
      if (request.url === "/kintone.postman_collection.json") response.end(collection);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    served = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await fixture?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  const smoke = (collection = fixture.collectionPath) => [
    "run",
    collection,
    "--app",
    "1",
    "--api-token",
    seed.app1Token,
    "--ssl-client-pfx",
    fixture.pfx.aes,
    "--ssl-client-passphrase",
    PASSPHRASE,
    "--ssl-extra-ca-certs",
    fixture.stub.caCertPath,
  ];

  it("writes htmlextra's report and every export, creating their folders", async () => {
    const report = join(out, "reports", "new", "smoke.html");
    const exports = {
      "--export-globals": join(out, "g", "globals.json"),
      "--export-collection": join(out, "c", "collection.json"),
      "--export-cookie-jar": join(out, "j", "cookies.json"),
      "--export-environment": join(out, "e", "environment.json"),
    };
    const result = await runCli([
      ...smoke(`${served}/kintone.postman_collection.json`),
      "-r",
      "htmlextra",
      "--reporter-htmlextra-export",
      report,
      ...Object.entries(exports).flat(),
      "--color",
      "off",
      "--disable-unicode",
      "--timeout",
      "120000",
      "--timeout-script",
      "5000",
      "--ignore-redirects",
      "--working-dir",
      out,
      "--no-insecure-file-read",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ran 7 requests (0 failed)");
    expect(await readFile(report, "utf8")).toContain("<html");
    for (const path of Object.values(exports)) expect(existsSync(path), path).toBe(true);
  });

  it("-x exits 0 after failures; --silent prints nothing, not even for failures", async () => {
    // The same run without -x exits 1: cli-run.test.ts shows that for a kintone error. One run
    // shows both flags: the JSON report says what failed, where stdout stays empty.
    const report = join(out, "suppressed.json");
    const failing = [...smoke(), "--api-token", "wrong-token"];
    const result = await runCli([
      ...failing,
      "-x",
      "--silent",
      "-r",
      "cli,json",
      "--reporter-json-export",
      report,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const { run } = JSON.parse(await readFile(report, "utf8")) as {
      run: { stats: { requests: { total: number } }; failures: unknown[] };
    };
    expect(run.stats.requests.total).toBe(7);
    expect(run.failures.length).toBeGreaterThan(0);
  });

  it("says which URL could not be fetched, without its query", async () => {
    const result = await runCli(smoke(`${served}/nothing.json?key=secret`));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `kintone-postman: cannot fetch collection ${served}/nothing.json: HTTP 404\n`,
    );
  });
});
