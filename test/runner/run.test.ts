import { existsSync, readdirSync } from "node:fs";
import { chmod, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openPfx } from "../../src/certificates/pfx.js";
import { UsageError } from "../../src/errors.js";
import { SMOKE_FOLDER } from "../../src/files/names.js";
import { run } from "../../src/runner/run.js";
import type { RunOptions } from "../../src/runner/options.js";
import { tempDirAllTests } from "../helpers/temp-dir.js";
import { asUser, call } from "../stub/helpers.js";
import {
  PASSPHRASE,
  environmentWith,
  seed,
  fixtureRunOptions,
  startStubFixture,
  type StubFixture,
} from "./stub-fixture.js";

let fixture: StubFixture;
beforeAll(async () => {
  fixture = await startStubFixture();
});
afterAll(() => fixture.close());

/**
 * A run of one request of the generated collection's Smoke folder against the stub, printing
 * into `lines`: what most tests here are about (certificates, credentials, reports) shows in one
 * request, and each request more costs Newman tens of milliseconds. Tests about the whole folder
 * pass `folders: SMOKE`.
 */
function runSmoke(overrides: Partial<RunOptions> = {}, lines: string[] = []) {
  return run({ ...fixtureRunOptions(fixture, lines), folders: [ONE_REQUEST], ...overrides });
}
const ONE_REQUEST = "Get one record";
const SMOKE = [SMOKE_FOLDER];

function requestsSince(start: number) {
  return fixture.stub.requests.slice(start);
}

describe("run: client certificates through Secure Access", () => {
  for (const encoding of ["aes", "3des", "legacy"] as const) {
    it(`runs a Smoke request with a ${encoding} pfx`, async () => {
      const start = fixture.stub.requests.length;
      const result = await runSmoke({
        tls: {
          pfxFilePath: fixture.pfx[encoding],
          pfxFilePassword: PASSPHRASE,
          sslExtraCaCerts: fixture.stub.caCertPath,
        },
      });
      expect(result.lines).toEqual(["Ran 1 request (0 failed) and 2 tests (0 failed)"]);
      expect(result.exitCode).toBe(0);
      expect(requestsSince(start)).toHaveLength(1);
      // fixtureRunOptions signs with app 1's API token: these runs are the API token's sign-in.
      expect(requestsSince(start)[0]!.headers["x-cybozu-api-token"]).toBe(seed.app1Token);
    });
  }

  it("refuses a wrong passphrase before Newman starts, naming the file", async () => {
    const start = fixture.stub.requests.length;
    for (const encoding of ["aes", "legacy"] as const) {
      const attempt = runSmoke({
        tls: { pfxFilePath: fixture.pfx[encoding], pfxFilePassword: "wrong" },
      });
      await expect(attempt).rejects.toThrow(UsageError);
      await expect(attempt).rejects.toThrow(
        `wrong passphrase for client certificate "${fixture.pfx[encoding]}"`,
      );
    }
    const noPassphrase = runSmoke({ tls: { pfxFilePath: fixture.pfx.aes } });
    await expect(noPassphrase).rejects.toThrow(/needs its passphrase/);
    expect(requestsSince(start)).toHaveLength(0);
  });

  it("refuses a damaged or missing pfx", async () => {
    const damaged = join(fixture.dir, "damaged.pfx");
    const bytes = await readFile(fixture.pfx.aes);
    await writeFile(damaged, bytes.subarray(0, bytes.length / 2));
    await expect(runSmoke({ tls: { pfxFilePath: damaged, pfxFilePassword: "x" } })).rejects.toThrow(
      `client certificate "${damaged}" is not a PKCS#12 (.pfx/.p12) file or is damaged`,
    );
    const missing = join(fixture.dir, "missing.pfx");
    await expect(runSmoke({ tls: { pfxFilePath: missing } })).rejects.toThrow(
      `client certificate "${missing}" not found`,
    );
  });

  it("fails with the Secure Access line when no certificate is given", async () => {
    const result = await runSmoke({ tls: { sslExtraCaCerts: fixture.stub.caCertPath } });
    expect(result.exitCode).toBe(1);
    expect(result.requests).toEqual({ total: 1, failed: 1 });
    expect(result.lines).toContain(
      `  ${new URL(fixture.stub.url).host} demanded a client certificate: Secure Access needs the client certificate (--ssl-client-pfx, or KINTONE_PFX_FILE_PATH)`,
    );
  });

  it("combines --ssl-client-cert-list with the pfx, the pfx first", async () => {
    const list = join(fixture.dir, "list.json");
    // An entry for the same host with a certificate the stub does not trust: the pfx must win.
    await writeFile(
      list,
      JSON.stringify([
        { name: "other", matches: [`${fixture.stub.url}/*`], pfx: { src: "/nope.pfx" } },
      ]),
    );
    const result = await runSmoke({
      tls: {
        pfxFilePath: fixture.pfx.legacy,
        pfxFilePassword: PASSPHRASE,
        sslClientCertList: list,
        sslExtraCaCerts: fixture.stub.caCertPath,
      },
    });
    expect(result.exitCode).toBe(0);
  });
});

describe("run: credentials", () => {
  // The API token signs the client-certificate runs above (fixtureRunOptions), checked there.
  const cases: [string, RunOptions["connection"], (headers: Record<string, unknown>) => void][] = [
    [
      "password (UTF-8)",
      { appId: "1", ...seed.sato },
      (headers) =>
        expect(Buffer.from(String(headers["x-cybozu-authorization"]), "base64").toString()).toBe(
          `${seed.sato.username}:${seed.sato.password}`,
        ),
    ],
    [
      "OAuth",
      { appId: "1", oauthToken: seed.oauthToken },
      (headers) => expect(headers.authorization).toBe(`Bearer ${seed.oauthToken}`),
    ],
  ];
  for (const [name, connection, check] of cases) {
    it(`signs in with ${name}`, async () => {
      const start = fixture.stub.requests.length;
      const result = await runSmoke({ connection });
      expect(result.exitCode).toBe(0);
      for (const request of requestsSince(start)) check(request.headers);
    });
  }

  it("signs with the API token when a login name comes without a password", async () => {
    const start = fixture.stub.requests.length;
    const result = await runSmoke({
      connection: { appId: "1", username: seed.admin.username, apiTokens: [seed.app1Token] },
    });
    expect(result.exitCode).toBe(0);
    for (const { headers } of requestsSince(start)) {
      expect(headers["x-cybozu-api-token"]).toBe(seed.app1Token);
      expect(headers["x-cybozu-authorization"]).toBeUndefined();
    }
  });

  it("completes a login name saved in the environment with a password given for the run", async () => {
    const path = await environmentWith(fixture, { username: seed.admin.username }, "with-username");
    const start = fixture.stub.requests.length;
    const result = await runSmoke({
      environment: path,
      connection: { appId: "1", password: seed.admin.password },
    });
    expect(result.exitCode).toBe(0);
    const pair = Buffer.from(`${seed.admin.username}:${seed.admin.password}`).toString("base64");
    for (const { headers } of requestsSince(start)) {
      expect(headers["x-cybozu-authorization"]).toBe(pair);
    }
  });

  it("lets flag credentials beat a password saved in the environment", async () => {
    const path = await environmentWith(
      fixture,
      { username: "Administrator", password: "not-the-password" },
      "with-password",
    );
    const result = await runSmoke({ environment: path });
    expect(result.exitCode).toBe(0);
  });

  it("runs in a guest space", async () => {
    const start = fixture.stub.requests.length;
    const { id, app, token } = seed.guestSpace;
    const result = await runSmoke({
      connection: { appId: app, guestSpaceId: id, apiTokens: [token] },
      folders: SMOKE,
    });
    expect(result.exitCode).toBe(0);
    const urls = requestsSince(start).map((r) => r.url);
    expect(urls).toHaveLength(7);
    for (const url of urls) expect(url).toMatch(new RegExp(`^/k/guest/${id}/v1/`));
  });
  // CB_WA01 and its hint: test/runner/cli-run.test.ts checks the same line (and exit code 1)
  // through the command line, which calls this run.
});

describe("run: what a run creates it also deletes", () => {
  /** App 1's record ids, read past the run with the login and the AES client certificate. */
  async function recordIds(): Promise<string[]> {
    const response = await call(fixture.stub, "GET", "/k/v1/records.json?app=1&fields[0]=$id", {
      headers: asUser(seed.admin.username, seed.admin.password),
      agent: { pfx: await readFile(fixture.pfx.aes), passphrase: PASSPHRASE },
    });
    const { records } = response.json<{ records: { $id: { value: string } }[] }>();
    return records.map((record) => record.$id.value).sort();
  }

  it("--folder Records runs Bulk request last, which deletes the record Add record created", async () => {
    const before = await recordIds();
    const start = fixture.stub.requests.length;
    const lines: string[] = [];
    // A record id left from an earlier run, as an exported environment would hold it.
    const result = await run({
      ...fixtureRunOptions(fixture, lines),
      folders: ["Records"],
      envVars: [`newRecordId=${before[0]}`],
    });
    const last = requestsSince(start).at(-1);
    expect(result.exitCode, result.lines.join("\n")).toBe(0);
    // The same records as before: the one Add record made is gone, and no other.
    expect(await recordIds()).toEqual(before);
    expect(lines).toContain("  also ran Bulk request: it deletes the record Add record created");
    expect(last?.url).toBe("/k/v1/bulkRequest.json");
    const bulk = JSON.parse(String(last?.body)) as { requests: { payload: { ids?: string[] } }[] };
    const deleted = bulk.requests.flatMap((request) => request.payload.ids ?? []);
    expect(deleted).toHaveLength(1);
    expect(before).not.toContain(deleted[0]);

    // Add record refused (an app the token is not for): Bulk request is skipped, not sent with
    // the id the environment held.
    const refused: string[] = [];
    const failed = await run({
      ...fixtureRunOptions(fixture, refused),
      connection: { appId: "2", apiTokens: [seed.app1Token] },
      folders: ["Add record"],
      envVars: [`newRecordId=${before[0]}`],
    });
    expect(failed.requests.total).toBe(1);
    expect(refused).toContain(
      "  skipped 1 request with no value for newRecordId, which Add record sets: it ran but set nothing (see its result above) (Bulk request)",
    );
    expect(refused.some((line) => line.includes("also ran"))).toBe(false);
    expect(await recordIds()).toEqual(before);
  });
});

describe("run: ids an earlier run captured", () => {
  it("are no ids of this run: a record id an environment file holds is emptied, so Update record alone is skipped", async () => {
    // An exported environment keeps what its run captured; here it names a record of the user's.
    const path = await environmentWith(fixture, { newRecordId: "1" }, "stale-ids");
    const start = fixture.stub.requests.length;
    const lines: string[] = [];
    const result = await run({
      ...fixtureRunOptions(fixture, lines),
      environment: path,
      folders: ["Update record"],
    });
    expect(requestsSince(start)).toEqual([]);
    expect(result.requests.total).toBe(0);
    expect(lines).toContain(
      '  skipped 1 request with no value for newRecordId, which Add record sets: run it too (--folder "Add record") (Update record)',
    );
  });
});

describe("run: bad input", () => {
  it("refuses an unknown folder and an --env-var without key=value before any request", async () => {
    const start = fixture.stub.requests.length;
    const lines: string[] = [];
    const folder = runSmoke({ folders: ["Nope"] }, lines);
    await expect(folder).rejects.toThrow(UsageError);
    await expect(folder).rejects.toThrow(
      `"${fixture.collectionPath}" has no folder or request named "Nope"`,
    );
    const envVar = runSmoke({ envVars: ["hunter2"] }, lines);
    await expect(envVar).rejects.toThrow(
      new UsageError("--env-var expects key=value: an entry has no key or no '='"),
    );
    expect(lines).toEqual([]);
    expect(requestsSince(start)).toHaveLength(0);
  });
});

describe("run: base URL", () => {
  it("refuses a bad --base-url before any request, never echoing a password in it", async () => {
    const start = fixture.stub.requests.length;
    const withLogin = new URL(fixture.stub.url);
    withLogin.username = "gate";
    withLogin.password = "url-secret";
    const attempts = [
      // Nothing leaves the machine even without the check: Newman has no ftp.
      ["ftp://127.0.0.1", "--base-url must use https"],
      [`${fixture.stub.url}/k/v1`, "--base-url must be the domain only"],
      [withLogin.href, "--base-url must not contain a login or password"],
    ] as const;
    for (const [baseUrl, message] of attempts) {
      const attempt = runSmoke({
        connection: { appId: "1", baseUrl, apiTokens: [seed.app1Token] },
      });
      await expect(attempt).rejects.toThrow(UsageError);
      await expect(attempt).rejects.toThrow(message);
      await attempt.catch((error: Error) => expect(error.message).not.toContain("url-secret"));
    }
    expect(requestsSince(start)).toHaveLength(0);
  });

  it("sends the requests to the origin of --base-url", async () => {
    const start = fixture.stub.requests.length;
    const result = await runSmoke({
      connection: { appId: "1", baseUrl: `${fixture.stub.url}/`, apiTokens: [seed.app1Token] },
    });
    expect(result.exitCode).toBe(0);
    expect(requestsSince(start)).toHaveLength(1);
  });
});

describe("run: reports and exports", () => {
  const reports = tempDirAllTests("kintone-postman-reports-");
  let out: string;
  beforeAll(() => {
    out = reports.path;
  });

  it("writes a JUnit report, and keeps secrets out of the reports and the exported environment", async () => {
    const report = join(out, "report.json");
    const junit = join(out, "report.xml");
    const exported = join(out, "final.postman_environment.json");
    const result = await runSmoke({
      // The password signs in; the token rides along in the environment.
      connection: { appId: "1", ...seed.admin, apiTokens: [seed.app1Token] },
      reporterJsonExport: report,
      reporterJunitExport: junit,
      exportEnvironment: exported,
      folders: SMOKE,
    });
    expect(result.exitCode).toBe(0);
    const texts = await Promise.all([report, junit, exported].map((f) => readFile(f, "utf8")));
    expect(texts[1]).toContain("<testsuites");
    expect(texts[1]!.match(/<testcase /g)).toHaveLength(14);
    expect(texts[0]).toContain('"certificate"'); // the report does show which certificate went
    for (const text of texts) expectNoSecrets(text);
    const values = (
      JSON.parse(await readFile(exported, "utf8")) as { values: { key: string; value: string }[] }
    ).values;
    expect(values).toContainEqual(
      expect.objectContaining({ key: "username", value: "Administrator" }),
    );
    expect(values).toContainEqual(expect.objectContaining({ key: "password", value: "" }));
    expect((await stat(exported)).mode & 0o777).toBe(0o644);
  });

  it("keeps the passphrase of every kind of client certificate out of the JSON report", async () => {
    const list = join(out, "list.json");
    await writeFile(
      list,
      JSON.stringify([
        {
          name: "listed",
          matches: [`${fixture.stub.url}/*`],
          pfx: { src: fixture.pfx.aes },
          passphrase: PASSPHRASE,
        },
      ]),
    );
    // A PEM certificate and its encrypted key, as --ssl-client-cert and --ssl-client-key take them.
    const pem = await openPfx(fixture.pfx.legacy, PASSPHRASE);
    if (pem.kind !== "pem") throw new Error("expected the legacy pfx to be re-encoded");
    const cert = join(out, "client.crt");
    const key = join(out, "client.key");
    await writeFile(cert, pem.cert);
    await writeFile(key, pem.key);
    const ca = fixture.stub.caCertPath;
    const setups: [string, NonNullable<RunOptions["tls"]>, string][] = [
      ["pfx", { pfxFilePath: fixture.pfx.aes, pfxFilePassword: PASSPHRASE }, PASSPHRASE],
      ["list", { sslClientCertList: list }, PASSPHRASE],
      [
        "key",
        { sslClientCert: cert, sslClientKey: key, pfxFilePassword: pem.passphrase },
        pem.passphrase,
      ],
    ];
    for (const [name, tls, passphrase] of setups) {
      const report = join(out, `certificate-${name}.json`);
      const result = await runSmoke({
        tls: { ...tls, sslExtraCaCerts: ca },
        reporterJsonExport: report,
      });
      expect(result.exitCode, name).toBe(0);
      const text = await readFile(report, "utf8");
      expect(text, name).toContain('"certificate"');
      expect(text, name).not.toContain(passphrase);
    }
  });

  it("exports secrets only when asked, and only those the environment file holds", async () => {
    const environment = await environmentWith(fixture, { apiToken: seed.app1Token }, "with-token");
    const exported = join(out, "with-secrets.postman_environment.json");
    // An existing file anyone may read must not be the one the secrets are written into.
    await writeFile(exported, "{}");
    await chmod(exported, 0o644);
    await runSmoke({
      environment,
      connection: { appId: "1", ...seed.admin },
      exportEnvironment: exported,
      includeSecrets: true,
    });
    const text = await readFile(exported, "utf8");
    expect(text).toContain(seed.app1Token);
    expect(text).not.toContain(seed.admin.password);
    expect((await stat(exported)).mode & 0o777).toBe(0o600);
  });

  it("never exports a secret given for the run, even one the environment file holds too", async () => {
    const environment = await environmentWith(
      fixture,
      { password: seed.admin.password },
      "password-twice",
    );
    const exported = join(out, "given-twice.postman_environment.json");
    await runSmoke({
      environment,
      connection: { appId: "1", ...seed.admin },
      exportEnvironment: exported,
      includeSecrets: true,
    });
    expect(await readFile(exported, "utf8")).not.toContain(seed.admin.password);
    expect((await stat(exported)).mode & 0o777).toBe(0o644);
  });

  it("blanks secrets given by --env-var too", async () => {
    const exported = join(out, "env-var.postman_environment.json");
    await runSmoke({
      envVars: [`basicAuthPassword=${seed.admin.password}`],
      exportEnvironment: exported,
      includeSecrets: true,
    });
    expect(await readFile(exported, "utf8")).not.toContain(seed.admin.password);
  });

  it("prints the summary before it writes the export, creating a missing folder as Newman does", async () => {
    const exported = join(out, "missing", "deeper", "after-summary.postman_environment.json");
    const written: boolean[] = [];
    const result = await runSmoke({
      exportEnvironment: exported,
      print: () => written.push(existsSync(exported)),
    });
    expect(result.exitCode).toBe(0);
    expect(written).toEqual([false]);
    expect(existsSync(exported)).toBe(true);
  });
});

/** Fails when the text holds a password or token of the stub, as given or as sent (base64). */
function expectNoSecrets(text: string) {
  const pair = `${seed.admin.username}:${seed.admin.password}`;
  for (const secret of [seed.admin.password, pair, seed.app1Token, PASSPHRASE]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString("base64"));
  }
}

describe("run: temporary files", () => {
  const folder = tempDirAllTests("kintone-postman-tmpdir-");
  let tmp: string;
  const savedTmpdir = process.env.TMPDIR;
  beforeAll(() => {
    tmp = folder.path;
    // os.tmpdir() reads TMPDIR on each call: the run's temporary files land where we can see them.
    process.env.TMPDIR = tmp;
  });
  afterEach(() => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  });

  it("leaves nothing behind after a legacy pfx run, passed or failed", async () => {
    process.env.TMPDIR = tmp;
    const legacy = { pfxFilePath: fixture.pfx.legacy, pfxFilePassword: PASSPHRASE };
    // Summary lines are printed before the run cleans up: the re-encoded files exist then.
    const duringRun: string[][] = [];
    const print = () => duringRun.push(readdirSync(tmp));
    const passed = await runSmoke({
      tls: { ...legacy, sslExtraCaCerts: fixture.stub.caCertPath },
      print,
    });
    expect(passed.exitCode).toBe(0);
    // No CA: every request fails on the server certificate, after the files were written.
    const failed = await runSmoke({ tls: legacy, print });
    expect(failed.exitCode).toBe(1);
    expect(duringRun[0]).toEqual([expect.stringMatching(/^kintone-postman-/)]);
    expect(failed.lines.join("\n")).toContain("--ssl-extra-ca-certs");
    expect(await readdir(tmp)).toEqual([]);
  });
});
