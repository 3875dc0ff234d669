import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo, LookupFunction } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPfx } from "../../src/certificates/pfx.js";
import type { Check } from "../../src/doctor/check.js";
import { doctor } from "../../src/doctor/doctor.js";
import type { DoctorOptions } from "../../src/doctor/options.js";
import { generate } from "../../src/generate/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDirEachTest } from "../helpers/temp-dir.js";
import {
  PASSPHRASE,
  environmentWith,
  seed,
  startStubFixture,
  type StubFixture,
} from "../runner/stub-fixture.js";

let fixture: StubFixture;
/** The client certificate as PEM files (its key encrypted), and certificate lists, in the fixture. */
const files = { cert: "", key: "", keyPassphrase: "", list: "", otherList: "" };
beforeAll(async () => {
  fixture = await startStubFixture();
  const pem = await openPfx(fixture.pfx.legacy, PASSPHRASE);
  if (pem.kind !== "pem") throw new Error("expected the legacy pfx to be re-encoded");
  files.cert = join(fixture.dir, "doctor-client.crt");
  files.key = join(fixture.dir, "doctor-client.key");
  files.keyPassphrase = pem.passphrase;
  files.list = join(fixture.dir, "doctor-list.json");
  files.otherList = join(fixture.dir, "doctor-other-list.json");
  const entry = (matches: string) => [
    { name: "stub", matches: [matches], pfx: { src: fixture.pfx.aes } },
  ];
  await Promise.all([
    writeFile(files.cert, pem.cert),
    writeFile(files.key, pem.key),
    // Without a passphrase: --ssl-client-passphrase fills it, as in run.
    writeFile(files.list, JSON.stringify(entry(`${fixture.stub.url}/*`))),
    // Port 443 only: no match for the stub.
    writeFile(files.otherList, JSON.stringify(entry("https://127.0.0.1/*"))),
  ]);
});
afterAll(() => fixture.close());

const DAY_MS = 24 * 60 * 60 * 1000;

/** A name lookup that resolves nothing: tests never leave 127.0.0.1. It records each name. */
function failingLookup(names: string[] = []): LookupFunction {
  return (hostname, _options, callback) => {
    names.push(hostname);
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: "ENOTFOUND",
    });
    process.nextTick(() => callback(error, "", 4));
  };
}

/** doctor against the stub with a working setup, quietly; `overrides` break one part of it. */
async function diagnose(overrides: Partial<DoctorOptions> = {}) {
  const lines: string[] = [];
  const lookups: string[] = [];
  const result = await doctor({
    connection: { baseUrl: fixture.stub.url, appId: "1", apiTokens: [seed.app1Token] },
    environment: fixture.environmentPath,
    pfxFilePath: fixture.pfx.legacy,
    pfxFilePassword: PASSPHRASE,
    sslExtraCaCerts: fixture.stub.caCertPath,
    lookup: failingLookup(lookups),
    print: (line) => lines.push(line),
    ...overrides,
  });
  const byName = Object.fromEntries(result.checks.map((c) => [c.name, c])) as Record<string, Check>;
  return { ...result, byName, lookups, text: lines.join("\n") };
}

describe("doctor against the stub", () => {
  it("passes a working setup and describes the certificate", async () => {
    const { passed, byName, text } = await diagnose();
    expect(passed).toBe(true);
    expect(Object.values(byName).map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok"]);
    const certificate = byName["client certificate"]!.lines.join("\n");
    expect(certificate).toContain("RC2-40, 3DES: a legacy encoding Node refuses");
    expect(certificate).toContain("subject: CN=kintone stub client");
    expect(certificate).toContain("issuer: CN=kintone stub CA");
    expect(byName.request!.lines[0]).toBe(
      "GET /k/v1/app.json?id=1: HTTP 200, kintone accepted the credentials",
    );
    expect(text).not.toContain(seed.app1Token);
    expect(text).not.toContain(PASSPHRASE);
  });

  it("names the encoding of a modern pfx", async () => {
    const { byName } = await diagnose({ pfxFilePath: fixture.pfx.aes });
    expect(byName["client certificate"]!.lines[1]).toBe(
      "encryption: AES-256 (Node opens it as is)",
    );
    const tdes = await diagnose({ pfxFilePath: fixture.pfx["3des"] });
    expect(tdes.byName["client certificate"]!.lines[1]).toBe(
      "encryption: 3DES (Node opens it as is)",
    );
  });

  it("warns under 30 days before expiry and fails once expired", async () => {
    const { byName } = await diagnose();
    const validTo = new Date(byName["client certificate"]!.lines.at(-1)!.match(/to (\S+)/)![1]!);
    const soon = await diagnose({ now: new Date(validTo.getTime() - 10 * DAY_MS) });
    expect(soon.passed).toBe(true);
    expect(soon.byName["client certificate"]!.status).toBe("warn");
    expect(soon.byName["client certificate"]!.lines.at(-1)).toMatch(
      /\(\d+ days left\): renew it soon$/,
    );
    const late = await diagnose({ now: new Date(validTo.getTime() + 2 * DAY_MS) });
    expect(late.passed).toBe(false);
    expect(late.byName["client certificate"]!.lines.at(-1)).toMatch(/EXPIRED$/);
  });

  it("reports a wrong passphrase and skips the request", async () => {
    const { passed, byName } = await diagnose({ pfxFilePassword: "wrong" });
    expect(passed).toBe(false);
    expect(byName["client certificate"]!.lines[0]).toBe(
      `wrong passphrase for client certificate "${fixture.pfx.legacy}"`,
    );
    expect(byName.request!.status).toBe("skip");
  });

  it("takes run's other certificate flags: a PEM pair, a certificate list, in Newman's order", async () => {
    const pem = await diagnose({
      pfxFilePath: undefined,
      sslClientCert: files.cert,
      sslClientKey: files.key,
      pfxFilePassword: files.keyPassphrase,
    });
    expect(pem.passed, pem.text).toBe(true);
    expect(pem.byName["client certificate"]!.lines.slice(0, 3)).toEqual([
      `${files.cert} with key ${files.key}`,
      "format: PEM",
      "subject: CN=kintone stub client, O=kintone-postman",
    ]);
    expect(pem.byName.request!.status).toBe("ok");
    expect(pem.text).not.toContain(files.keyPassphrase);

    // The list's entry for the base URL wins over the PEM pair, its passphrase filled in.
    const listed = await diagnose({
      pfxFilePath: undefined,
      sslClientCertList: files.list,
      sslClientCert: files.cert,
      sslClientKey: files.key,
    });
    expect(listed.passed, listed.text).toBe(true);
    expect(listed.byName["client certificate"]!.lines.slice(0, 3)).toEqual([
      fixture.pfx.aes,
      `from ${files.list}`,
      "encryption: AES-256 (Node opens it as is)",
    ]);
    expect(listed.byName.request!.status).toBe("ok");
  });

  it("says when a list has no entry for the host, or a key does not open", async () => {
    const unmatched = await diagnose({
      pfxFilePath: undefined,
      sslClientCertList: files.otherList,
    });
    expect(unmatched.byName["client certificate"]!.status).toBe("warn");
    expect(unmatched.byName["client certificate"]!.lines[0]).toBe(
      `no entry of ${files.otherList} matches ${fixture.stub.url}: Newman sends no certificate there`,
    );
    expect(unmatched.byName.request!.lines[0]).toContain("client certificate demanded");

    for (const [passphrase, message] of [
      ["wrong", `wrong passphrase for private key "${files.key}"`],
      [undefined, `private key "${files.key}" needs its passphrase (--ssl-client-passphrase`],
    ] as const) {
      const { passed, byName } = await diagnose({
        pfxFilePath: undefined,
        sslClientCert: files.cert,
        sslClientKey: files.key,
        pfxFilePassword: passphrase,
      });
      expect(passed).toBe(false);
      expect(byName["client certificate"]!.lines[0]).toContain(message);
      expect(byName.request!.status).toBe("skip");
    }
  });

  it("says the server demanded a client certificate when none is given", async () => {
    const { byName } = await diagnose({ pfxFilePath: undefined });
    expect(byName["client certificate"]!.status).toBe("skip");
    expect(byName.request!.lines).toEqual([
      "GET /k/v1/app.json?id=1: client certificate demanded",
      `${new URL(fixture.stub.url).host} demanded a client certificate: Secure Access needs the client certificate (--ssl-client-pfx, or KINTONE_PFX_FILE_PATH)`,
    ]);
  });

  it("suggests --ssl-extra-ca-certs for an untrusted server certificate", async () => {
    const { byName } = await diagnose({ sslExtraCaCerts: undefined });
    expect(byName.request!.lines[0]).toContain("TLS server certificate");
    expect(byName.request!.lines[1]).toContain("add its CA with --ssl-extra-ca-certs");
  });

  it("reports wrong credentials with kintone's code and the hint", async () => {
    const { byName } = await diagnose({
      connection: { baseUrl: fixture.stub.url, username: "Administrator", password: "wrong" },
    });
    expect(byName.request!.lines).toEqual([
      "GET /k/v1/apps.json?limit=1: HTTP 401 CB_WA01 (credentials)",
      "wrong login name or password: check -u/--username (KINTONE_USERNAME) and -p/--password (KINTONE_PASSWORD)",
    ]);
  });

  it("uses the guest space path and signs with a UTF-8 password", async () => {
    const { byName } = await diagnose({
      connection: {
        baseUrl: fixture.stub.url,
        appId: seed.guestSpace.app,
        guestSpaceId: seed.guestSpace.id,
        ...seed.sato,
      },
    });
    expect(byName.request!.lines[0]).toBe(
      `GET /k/guest/1/v1/app.json?id=${seed.guestSpace.app}: HTTP 200, kintone accepted the credentials`,
    );
  });

  it("reads the base URL from the environment file when no flag gives it", async () => {
    const { byName } = await diagnose({ connection: { appId: "1", oauthToken: seed.oauthToken } });
    expect(byName["base URL"]!.lines[0]).toBe(fixture.stub.url);
    expect(byName.request!.status).toBe("ok");
  });

  it("reports DNS failures", async () => {
    const names: string[] = [];
    const { byName } = await diagnose({
      connection: { baseUrl: "https://kintone-postman.invalid", apiTokens: ["t"], appId: "1" },
      pfxFilePath: undefined,
      lookup: failingLookup(names),
    });
    expect(names).toEqual(["kintone-postman.invalid"]);
    expect(byName.request!.lines).toEqual([
      "GET /k/v1/app.json?id=1: DNS",
      "cannot resolve kintone-postman.invalid (DNS): check the base URL",
    ]);
  });

  it("fails a Secure Access domain without a certificate and sends no request", async () => {
    const { byName, lookups } = await diagnose({
      connection: { baseUrl: "https://example.s.cybozu.com", apiTokens: ["t"], appId: "1" },
      pfxFilePath: undefined,
    });
    expect(byName["client certificate"]!.status).toBe("fail");
    expect(byName["client certificate"]!.lines[0]).toContain(
      "Secure Access needs the client certificate",
    );
    expect(byName.request!.status).toBe("skip");
    expect(lookups).toEqual([]);
  });

  it("fails a base URL with a login and password without echoing it, and skips the request", async () => {
    const url = new URL(fixture.stub.url);
    url.username = "gate";
    url.password = "url-secret";
    const start = fixture.stub.requests.length;
    const { byName, text } = await diagnose({
      connection: { baseUrl: url.href, appId: "1", apiTokens: [seed.app1Token] },
    });
    expect(byName["base URL"]!.status).toBe("fail");
    expect(byName["base URL"]!.lines[0]).toContain("must not contain a login or password");
    expect(byName.request!.status).toBe("skip");
    expect(text).not.toContain("url-secret");
    expect(fixture.stub.requests.length).toBe(start);
  });
});

describe("doctor merges the environment file and the flags as run does", () => {
  it("signs with a token given with a login name, over a password saved in the environment", async () => {
    const environment = await environmentWith(
      fixture,
      { username: seed.admin.username, password: "saved-password" },
      "doctor-saved-password",
    );
    const { byName } = await diagnose({
      environment,
      connection: {
        baseUrl: fixture.stub.url,
        appId: "1",
        username: "X",
        apiTokens: [seed.app1Token],
      },
    });
    expect(byName.credentials!.lines[0]).toBe("API token (1 token)");
    expect(byName.request!.status).toBe("ok");
  });

  describe("with an environment generate wrote", () => {
    const out = tempDirEachTest("kintone-postman-doctor-");

    it("completes a login name saved by generate with KINTONE_PASSWORD", async () => {
      const { environmentPath } = await generate({
        baseUrl: fixture.stub.url,
        username: seed.admin.username,
        out: out.path,
        name: "kintone",
      });
      const result = await runCli(
        [
          "doctor",
          "-e",
          environmentPath,
          "--ssl-client-pfx",
          fixture.pfx.aes,
          "--ssl-extra-ca-certs",
          fixture.stub.caCertPath,
        ],
        {
          env: {
            KINTONE_PASSWORD: seed.admin.password,
            KINTONE_PFX_FILE_PASSWORD: PASSPHRASE,
          },
        },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^\[ok\] +credentials +password of user Administrator$/m);
      expect(result.stdout).toMatch(/^\[ok\] +request +GET \/k\/v1\/apps.json\?limit=1: HTTP 200/m);
      expect(result.stdout).not.toContain(seed.admin.password);
    });
  });
});

describe("doctor explains answers that are not kintone's success", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; headers?: Record<string, string>; body: string };
  beforeAll(async () => {
    server = createServer(
      {
        cert: readFileSync(join(fixture.stub.dir, "server.crt")),
        key: readFileSync(join(fixture.stub.dir, "server.key")),
      },
      (_request, response) => {
        response.writeHead(answer.status, answer.headers);
        response.end(answer.body);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function requestLines(options: Partial<DoctorOptions> = {}) {
    const { byName } = await diagnose({
      connection: { baseUrl: url, appId: "1", apiTokens: ["t"] },
      pfxFilePath: undefined,
      ...options,
    });
    return byName.request!.lines;
  }

  it("calls CB_NO02 a permission problem", async () => {
    answer = { status: 403, body: JSON.stringify({ code: "CB_NO02", id: "x", message: "No." }) };
    expect(await requestLines()).toEqual([
      "GET /k/v1/app.json?id=1: HTTP 403 CB_NO02 (permission)",
      "no permission: the user or token lacks the permission this call needs (with guestSpaceId set: the app is not in that guest space)",
    ]);
  });

  it("blames Basic authentication for a bare 401", async () => {
    answer = { status: 401, headers: { "www-authenticate": "Basic" }, body: "<html>" };
    const lines = await requestLines({
      connection: {
        baseUrl: url,
        appId: "1",
        apiTokens: ["t"],
        basicAuthUsername: "gate",
        basicAuthPassword: "wrong",
      },
    });
    expect(lines[1]).toContain("Basic authentication in front of kintone refused it");
    expect((await requestLines())[1]).toContain("--basic-auth-username");
  });

  it("says a redirect or an HTML page means the base URL is not kintone's", async () => {
    answer = { status: 302, headers: { location: "https://login.example.com/" }, body: "" };
    expect(await requestLines()).toEqual([
      "GET /k/v1/app.json?id=1: HTTP 302, redirected to https://login.example.com/",
      "kintone's API does not redirect: check the base URL",
    ]);
    answer = { status: 200, body: "<html>welcome</html>" };
    expect((await requestLines())[0]).toContain("is the base URL a kintone domain?");
  });
});

describe("kintone-postman doctor", () => {
  it("exits 0 when every check passes and 1 with one line when one fails", async () => {
    const args = [
      "doctor",
      "--base-url",
      fixture.stub.url,
      "--app",
      "1",
      // run's certificate flags: the list's entry has no passphrase, KINTONE_PFX_FILE_PASSWORD fills it.
      "--ssl-client-cert-list",
      files.list,
      "--ssl-extra-ca-certs",
      fixture.stub.caCertPath,
    ];
    const env = { KINTONE_API_TOKEN: seed.app1Token, KINTONE_PFX_FILE_PASSWORD: PASSPHRASE };
    const passed = await runCli(args, { env });
    expect(passed.stderr).toBe("");
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/^\[ok\] +request +GET \/k\/v1\/app.json\?id=1: HTTP 200/m);

    expect(passed.stdout).toContain(`from ${files.list}`);

    // A PEM pair is accepted too (the list's entry still wins for this host).
    const pem = ["--ssl-client-cert", files.cert, "--ssl-client-key", files.key];
    const failed = await runCli([...args, ...pem, "--api-token", seed.app2Token], { env });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("GAIA_IA02 (credentials)");
    expect(failed.stderr).toBe("kintone-postman: doctor: 1 of 4 checks failed\n");
  });

  it("exits 2 on a missing --ssl-extra-ca-certs file", async () => {
    const missing = join(fixture.dir, "nope.crt");
    const result = await runCli([
      "doctor",
      "--base-url",
      fixture.stub.url,
      "--ssl-extra-ca-certs",
      missing,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`kintone-postman: --ssl-extra-ca-certs: "${missing}" not found\n`);
  });
});
