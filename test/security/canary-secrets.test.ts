import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeClientPfx } from "../../src/stub/index.js";
import { cliPath, runCli, type CliResult } from "../helpers/cli.js";
import { startStubFixture, type StubFixture } from "../runner/stub-fixture.js";

/**
 * Canary values in every secret flag and KINTONE_* variable; then every file the command wrote,
 * its stdout, its stderr and its temporary folder are searched for each canary and the header
 * forms it travels in. Zero hits, also after SIGTERM mid-run and after a closed pipe.
 */

const LOGIN = "canary-login";
const BASIC_USER = "canary-basic-user";

/** One set per way in, so a hit says whether a flag or a variable leaked. */
function canaries(tag: string) {
  return {
    password: `cnry-password-${tag}`,
    apiToken1: `cnry-apitoken1-${tag}`,
    apiToken2: `cnry-apitoken2-${tag}`,
    oauthToken: `cnry-oauth-${tag}`,
    basicAuthPassword: `cnry-basicpw-${tag}`,
    pfxPassphrase: `cnry-pfxpass-${tag}`,
  };
}
const flagCanaries = canaries("flag");
const envCanaries = canaries("env");

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** Each canary as written, and in the header forms it is sent in. */
const forms = [flagCanaries, envCanaries].flatMap((set) =>
  Object.values(set).flatMap((secret) => [
    secret,
    base64(`${LOGIN}:${secret}`),
    base64(`${BASIC_USER}:${secret}`),
    `Basic ${base64(`${BASIC_USER}:${secret}`)}`,
  ]),
);

let fixture: StubFixture;
let root: string;
let flagPfx: string;
let envPfx: string;

beforeAll(async () => {
  fixture = await startStubFixture();
  root = await mkdtemp(join(tmpdir(), "kintone-postman-canary-"));
  // Legacy pfx files: `run` re-encodes them into temporary files, the riskiest path.
  const pfx = await Promise.all(
    [flagCanaries, envCanaries].map((set, i) =>
      writeClientPfx(fixture.stub.dir, {
        encoding: "legacy",
        passphrase: set.pfxPassphrase,
        fileName: `canary-${i}.pfx`,
      }),
    ),
  );
  flagPfx = pfx[0]!;
  envPfx = pfx[1]!;
});
afterAll(async () => {
  await fixture.close();
  await rm(root, { recursive: true, force: true });
});

function secretFlags(set = flagCanaries, pfx = flagPfx): string[] {
  return [
    "-u",
    LOGIN,
    "-p",
    set.password,
    "--api-token",
    set.apiToken1,
    "--api-token",
    set.apiToken2,
    "--oauth-token",
    set.oauthToken,
    "--basic-auth-username",
    BASIC_USER,
    "--basic-auth-password",
    set.basicAuthPassword,
    "--ssl-client-pfx",
    pfx,
    "--ssl-client-passphrase",
    set.pfxPassphrase,
  ];
}

function secretEnv(set = envCanaries, pfx = envPfx): Record<string, string> {
  return {
    KINTONE_USERNAME: LOGIN,
    KINTONE_PASSWORD: set.password,
    KINTONE_API_TOKEN: `${set.apiToken1},${set.apiToken2}`,
    KINTONE_OAUTH_TOKEN: set.oauthToken,
    KINTONE_BASIC_AUTH_USERNAME: BASIC_USER,
    KINTONE_BASIC_AUTH_PASSWORD: set.basicAuthPassword,
    KINTONE_PFX_FILE_PATH: pfx,
    KINTONE_PFX_FILE_PASSWORD: set.pfxPassphrase,
  };
}

interface Scenario {
  work: string;
  result: CliResult;
}

/**
 * Runs the CLI in a fresh work folder (its cwd) with a temporary folder of its own inside it.
 * `interrupt` sends a signal once the run has printed something, or closes its stdout at once:
 * those need a process of their own; the others run in this one.
 */
async function scenario(
  name: string,
  args: string[],
  options: { env?: Record<string, string>; interrupt?: NodeJS.Signals | "close-stdout" } = {},
): Promise<Scenario> {
  const work = join(root, name);
  await mkdir(join(work, "tmp"), { recursive: true });
  if (options.interrupt === undefined) {
    const env = { TMPDIR: join(work, "tmp"), ...options.env };
    return { work, result: await runCli(args, { cwd: work, env }) };
  }
  const result = await new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH ?? "", TMPDIR: join(work, "tmp"), ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    if (options.interrupt === "close-stdout") child.stdout.destroy();
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // Newman has started (its banner is out): the temporary files exist by now.
      const signal = options.interrupt;
      if (signal !== undefined && signal !== "close-stdout" && /^newman$/m.test(stdout)) {
        child.kill(signal);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, imports: [] }));
  });
  return { work, result };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Every hit: where, and which form. */
async function leaks({ work, result }: Scenario): Promise<string[]> {
  const places: [string, string][] = [
    ["stdout", result.stdout],
    ["stderr", result.stderr],
  ];
  for (const file of await filesUnder(work)) places.push([file, await readFile(file, "latin1")]);
  for (const file of await filesUnder(work)) places.push([file, await readFile(file, "utf8")]);
  return places.flatMap(([where, text]) =>
    forms.filter((form) => text.includes(form)).map((form) => `${where}: ${form}`),
  );
}

/** The canary really travelled: the stub saw it in a header, so a clean output means something. */
function stubSaw(header: string, value: string): boolean {
  return fixture.stub.requests.some((request) => request.headers[header] === value);
}

const runArgs = () => [
  "run",
  fixture.collectionPath,
  "--app",
  "1",
  "--ssl-extra-ca-certs",
  fixture.stub.caCertPath,
];
const reports = [
  "-r",
  "cli,json,junit,htmlextra",
  "--reporter-json-export",
  "report.json",
  "--reporter-junit-export",
  "report.xml",
  "--export-environment",
  "exported.postman_environment.json",
  "--include-secrets",
  "--export-globals",
  "exported.postman_globals.json",
  "--export-collection",
  "exported.postman_collection.json",
  "--verbose",
];

describe("no secret given to the tool ever lands in output, files or temporary folders", () => {
  it("generate, with flags and with variables", async () => {
    const flags = await scenario("generate-flags", [
      "generate",
      "--base-url",
      fixture.stub.url,
      ...secretFlags(),
    ]);
    expect(flags.result.code).toBe(0);
    expect(await filesUnder(join(flags.work, "collections"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.postman_environment\.json$/)]),
    );
    expect(await leaks(flags)).toEqual([]);
    const env = await scenario("generate-env", ["generate", "--base-url", fixture.stub.url], {
      env: secretEnv(),
    });
    expect(env.result.code).toBe(0);
    expect(await leaks(env)).toEqual([]);
  });

  it("the search finds a secret that was asked for (--include-secrets)", async () => {
    const asked = await scenario("generate-include", [
      "generate",
      "--base-url",
      fixture.stub.url,
      "--include-secrets",
      ...secretFlags(),
    ]);
    expect(await leaks(asked)).toEqual(
      expect.arrayContaining([expect.stringContaining(flagCanaries.password)]),
    );
  });

  it("run with every reporter, exports and --verbose: password and Basic by flag", async () => {
    const run = await scenario("run-flags", [...runArgs(), ...secretFlags(), ...reports]);
    expect(run.result.stderr).not.toContain("not found");
    // Piped: --verbose's timing tables are drawn without colours too.
    expect(run.result.stdout).toContain("prepare");
    expect(run.result.stdout).not.toContain("\u001b[");
    expect(await filesUnder(run.work)).toEqual(
      expect.arrayContaining([
        join(run.work, "report.json"),
        join(run.work, "report.xml"),
        join(run.work, "exported.postman_environment.json"),
        join(run.work, "exported.postman_globals.json"),
        join(run.work, "exported.postman_collection.json"),
      ]),
    );
    expect((await filesUnder(join(run.work, "newman"))).some((f) => f.endsWith(".html"))).toBe(
      true,
    );
    expect(stubSaw("x-cybozu-authorization", base64(`${LOGIN}:${flagCanaries.password}`))).toBe(
      true,
    );
    expect(
      stubSaw(
        "authorization",
        `Basic ${base64(`${BASIC_USER}:${flagCanaries.basicAuthPassword}`)}`,
      ),
    ).toBe(true);
    expect(await leaks(run)).toEqual([]);
  });

  it("run by variables: API tokens with Basic, then the OAuth token", async () => {
    const tokens = secretEnv();
    delete (tokens as Partial<typeof tokens>).KINTONE_PASSWORD;
    delete (tokens as Partial<typeof tokens>).KINTONE_OAUTH_TOKEN;
    const byTokens = await scenario("run-env-tokens", [...runArgs(), ...reports], { env: tokens });
    expect(stubSaw("x-cybozu-api-token", `${envCanaries.apiToken1},${envCanaries.apiToken2}`)).toBe(
      true,
    );
    expect(await leaks(byTokens)).toEqual([]);
    const oauth = await scenario("run-env-oauth", [...runArgs(), ...reports], {
      env: {
        KINTONE_OAUTH_TOKEN: envCanaries.oauthToken,
        KINTONE_PFX_FILE_PATH: envPfx,
        KINTONE_PFX_FILE_PASSWORD: envCanaries.pfxPassphrase,
      },
    });
    expect(stubSaw("authorization", `Bearer ${envCanaries.oauthToken}`)).toBe(true);
    expect(await leaks(oauth)).toEqual([]);
  });

  // SIGINT stops every command through the same handling: the demo test's (test/demo.test.ts).
  it.each(["SIGTERM"] as const)("run stopped by %s mid-run", async (signal) => {
    const stopped = await scenario(
      `run-${signal}`,
      [...runArgs(), ...secretFlags(), ...reports, "--delay-request", "500"],
      { interrupt: signal },
    );
    expect(stopped.result.signal).toBe(signal);
    expect(await readdir(join(stopped.work, "tmp"))).toEqual([]);
    expect(await leaks(stopped)).toEqual([]);
  });

  // Also the closed-pipe test of `run` (test/cli/closed-output.test.ts has the other commands):
  // a legacy pfx, so the re-encoded key's temporary folder must go too.
  it("run whose stdout is closed: a quiet exit 0", async () => {
    const closed = await scenario("run-closed", [...runArgs(), ...secretFlags(), ...reports], {
      interrupt: "close-stdout",
    });
    expect(closed.result.stderr).not.toContain("EPIPE");
    expect(closed.result.stderr).not.toMatch(/^\s+at /m);
    expect(closed.result.signal).toBeNull();
    expect(closed.result.code).toBe(0);
    expect(await readdir(join(closed.work, "tmp"))).toEqual([]);
    expect(await leaks(closed)).toEqual([]);
  });

  it("doctor, with flags and with variables", async () => {
    const flags = await scenario("doctor-flags", [
      "doctor",
      "--base-url",
      fixture.stub.url,
      "--app",
      "1",
      "--ssl-extra-ca-certs",
      fixture.stub.caCertPath,
      ...secretFlags(),
    ]);
    expect(flags.result.stdout).toContain("request");
    expect(await leaks(flags)).toEqual([]);
    const env = await scenario(
      "doctor-env",
      ["doctor", "--base-url", fixture.stub.url, "--ssl-extra-ca-certs", fixture.stub.caCertPath],
      { env: secretEnv() },
    );
    expect(env.result.stdout).toContain("request");
    expect(await leaks(env)).toEqual([]);
  });

  // Also `npm run demo`'s test (test/demo.test.ts has its signal): the demo ignores every
  // KINTONE_* variable, runs the Smoke folder green and leaves nothing in its temporary folder.
  it("demo, with every variable set", async () => {
    const demo = await scenario("demo", ["demo"], { env: secretEnv() });
    expect(demo.result.stdout.split("\n")[0]).toMatch(
      /^1\. kintone stub with Secure Access on https:\/\/127\.0\.0\.1:\d+$/,
    );
    // The Smoke folder: 7 requests, two tests each.
    expect(demo.result.stdout).toContain("Ran 7 requests (0 failed) and 14 tests (0 failed)\n");
    expect(demo.result.code).toBe(0);
    expect(await readdir(join(demo.work, "tmp"))).toEqual([]);
    expect(await leaks(demo)).toEqual([]);
  });
});
