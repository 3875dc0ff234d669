import { EventEmitter } from "node:events";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { NewmanRunSummary } from "newman";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctor } from "../../src/doctor/doctor.js";
import { UsageError } from "../../src/errors.js";
import type { RunOptions } from "../../src/runner/options.js";
import { run } from "../../src/runner/run.js";
import { emptyFindings, summaryLines, trackFindings } from "../../src/runner/summary.js";
import {
  PASSPHRASE,
  fixtureRunOptions,
  seed,
  startStubFixture,
  type StubFixture,
} from "./stub-fixture.js";

/** The summary after one response with this status and body. */
function linesAfter(code: number, body: string): string[] {
  const findings = emptyFindings();
  const emitter = new EventEmitter();
  trackFindings(findings, false)(emitter);
  emitter.emit("request", null, {
    request: { url: "https://example.cybozu.com/k/v1/record.json" },
    response: { code, text: () => body },
  });
  const summary = {
    run: { stats: { requests: { total: 1, failed: 0 }, assertions: { total: 1, failed: 1 } } },
  } as unknown as NewmanRunSummary;
  return summaryLines(summary, findings);
}

describe("summary hints", () => {
  it("explains a 401 without a kintone code as Basic authentication, naming flags and variables", () => {
    expect(linesAfter(401, "<html>401 Authorization Required</html>")[1]).toBe(
      "  HTTP 401 without a kintone code (1 response): Basic authentication in front of kintone is missing or wrong: pass --basic-auth-username (KINTONE_BASIC_AUTH_USERNAME) and --basic-auth-password (KINTONE_BASIC_AUTH_PASSWORD)",
    );
    // A kintone 401 is kintone's own, with its own hint.
    expect(linesAfter(401, '{"code":"CB_WA01","message":"x"}')[1]).toMatch(/^ {2}CB_WA01 /);
  });

  it.each([
    [401, "CB_WA01", "check -u/--username (KINTONE_USERNAME) and -p/--password (KINTONE_PASSWORD)"],
    [401, "CB_AU01", "--api-token (KINTONE_API_TOKEN), or --oauth-token (KINTONE_OAUTH_TOKEN)"],
    [520, "GAIA_IA02", "check --api-token (KINTONE_API_TOKEN) and --app"],
    [400, "GAIA_IL23", "pass --guest-space-id (KINTONE_GUEST_SPACE_ID)"],
    [404, "GAIA_AP01", "check --app"],
    [403, "GAIA_NO01", "or sign in with -u/--username (KINTONE_USERNAME) and -p/--password"],
    [401, "CB_OA01", "get a new one for --oauth-token (KINTONE_OAUTH_TOKEN)"],
  ])("names the flag and the variable for HTTP %i %s", (status, code, advice) => {
    const line = linesAfter(status, JSON.stringify({ code, id: "1", message: "m" }))[1];
    expect(line).toMatch(new RegExp(`^ {2}${code} \\(1 response\\): `));
    expect(line).toContain(advice);
  });

  it("shows kintone's per-field errors of CB_VA01", () => {
    const body = JSON.stringify({
      code: "CB_VA01",
      id: "1",
      message: "Missing or invalid input.",
      errors: { "record.Number.value": { messages: ["Only numbers are allowed."] } },
    });
    expect(linesAfter(400, body)[1]).toBe(
      "  CB_VA01 (1 response): the request failed validation: see the errors of the response — record.Number.value: Only numbers are allowed.",
    );
  });
});

describe("run refuses what generate refuses, and says what a run lacks", () => {
  let fixture: StubFixture;
  beforeAll(async () => {
    fixture = await startStubFixture();
  });
  afterAll(() => fixture?.close());

  const smoke = (overrides: Partial<RunOptions>, lines: string[] = []) =>
    // Each test brings its own connection.
    run({ ...fixtureRunOptions(fixture, lines), connection: {}, ...overrides });

  it("refuses a bad guest space id, too many tokens, and a password without a login name", async () => {
    const start = fixture.stub.requests.length;
    await expect(smoke({ connection: { guestSpaceId: "abc", apiTokens: ["t"] } })).rejects.toThrow(
      new UsageError('--guest-space-id must be a positive integer, not "abc"'),
    );
    const tokens = Array.from({ length: 10 }, (_, i) => `t${i}`);
    await expect(smoke({ connection: { apiTokens: tokens } })).rejects.toThrow(
      "10 API tokens given; kintone accepts at most 9",
    );
    await expect(smoke({ connection: { password: "pw" } })).rejects.toThrow(
      "a password needs a login name: pass -u/--username or set KINTONE_USERNAME",
    );
    expect(fixture.stub.requests.length).toBe(start);
    for (const connection of [
      { guestSpaceId: "0" },
      { apiTokens: tokens },
      { baseUrl: fixture.stub.url, password: "pw" },
    ]) {
      const checked = doctor({
        connection,
        environment: fixture.environmentPath,
        print: () => undefined,
      });
      await expect(checked).rejects.toThrow(UsageError);
    }
  });

  it("names --app when appId is empty", async () => {
    const lines: string[] = [];
    const result = await smoke({ connection: { apiTokens: [seed.app1Token] } }, lines);
    // Nothing was sent, so nothing was checked: the run fails rather than pass silently.
    expect(result.exitCode).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}skipped 7 requests with no value for appId: pass --app ID \(Get app, /,
      ),
    );
  });

  it("skips, with one line naming the login flags, what kintone takes no API token for", async () => {
    const lines: string[] = [];
    const start = fixture.stub.requests.length;
    const result = await smoke(
      {
        connection: { appId: "1", apiTokens: [seed.app1Token] },
        folders: ["Get one record", "Get app usage statistics", "Get installed plug-ins"],
      },
      lines,
    );
    expect(result.exitCode, lines.join("\n")).toBe(0);
    expect(lines).toEqual([
      "Ran 1 request (0 failed) and 2 tests (0 failed)",
      "  skipped 2 requests: kintone takes no API token for them: sign in with -u/--username (KINTONE_USERNAME) and -p/--password (KINTONE_PASSWORD) (Get app usage statistics, Get installed plug-ins)",
    ]);
    expect(fixture.stub.requests.slice(start).map((r) => r.url)).toEqual([
      expect.stringMatching(/^\/k\/v1\/records\.json\?app=1&/),
    ]);
  });

  it("fills a certificate-list entry's missing passphrase and re-encodes a legacy pfx", async () => {
    for (const encoding of ["aes", "legacy"] as const) {
      const list = join(fixture.dir, `list-${encoding}.json`);
      await writeFile(
        list,
        JSON.stringify([
          { name: "stub", matches: [`${fixture.stub.url}/*`], pfx: { src: fixture.pfx[encoding] } },
        ]),
      );
      const lines: string[] = [];
      const result = await run({
        collection: fixture.collectionPath,
        connection: { appId: "1", apiTokens: [seed.app1Token] },
        tls: {
          sslClientCertList: list,
          pfxFilePassword: PASSPHRASE,
          sslExtraCaCerts: fixture.stub.caCertPath,
        },
        reporters: [],
        print: (line) => lines.push(line),
      });
      expect(lines, encoding).toEqual(["Ran 7 requests (0 failed) and 14 tests (0 failed)"]);
      expect(result.exitCode).toBe(0);
    }
  });
});
