import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CertificateListEntry } from "../../src/certificates/cert-list.js";
import { generate, type GenerateResult } from "../../src/generate/index.js";
import { KintoneHeader } from "../../src/kintone/headers.js";
import { startStub, type RunningStub } from "../../src/stub/index.js";
import { startTestStub } from "../helpers/certificates.js";
import { tempDirAllTests } from "../helpers/temp-dir.js";
import { failures, newmanRun, readJson } from "../helpers/newman.js";

/**
 * The generated collection, run by real Newman over mutual TLS against the local kintone stub:
 * what reaches the server is exactly what kintone expects, byte for byte.
 */
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const header = (name: string) => name.toLowerCase();

let stub: RunningStub;
let files: GenerateResult;
const out = tempDirAllTests("kintone-postman-e2e-");

beforeAll(async () => {
  stub = await startTestStub({ secureAccess: true, recordRequests: true });
  files = await generate({
    out: out.path,
    name: "e2e",
    baseUrl: stub.url,
    pfxFilePath: stub.pfxPath,
  });
});
afterAll(async () => {
  await stub?.close();
});

/**
 * One request of the Smoke folder (each request more costs Newman tens of milliseconds, and the
 * signing is the same for each), or the whole folder where routing is the subject.
 */
const ONE_REQUEST = "Get one record";

async function runSmoke(
  variables: Record<string, string>,
  { target = stub, folder = ONE_REQUEST }: { target?: RunningStub; folder?: string } = {},
) {
  const list = await readJson<CertificateListEntry[]>(files.certificatesPath!);
  const from = target.requests.length;
  const summary = await newmanRun({
    collection: files.collectionPath,
    environment: files.environmentPath,
    envVar: Object.entries({ baseUrl: target.url, ...variables }).map(([key, value]) => ({
      key,
      value,
    })),
    folder,
    sslClientCertList: list.map((entry) => ({
      ...entry,
      matches: [`${target.url}/*`],
      pfx: { src: target.pfxPath },
      passphrase: target.pfxPassphrase,
    })),
    sslExtraCaCerts: target.caCertPath,
  });
  return { summary, requests: target.requests.slice(from) };
}

describe("generated collection under Newman, over Secure Access", () => {
  it("signs with a non-ASCII password as base64 of UTF-8", async () => {
    const { summary, requests } = await runSmoke({
      username: "sato",
      password: "パスワード",
      appId: "1",
    });
    expect(failures(summary)).toEqual([]);
    expect(requests.length).toBe(summary.run.stats.requests.total);
    expect(requests).toHaveLength(1);
    for (const request of requests) {
      expect(request.headers[header(KintoneHeader.password)]).toBe(base64("sato:パスワード"));
      expect(request.headers[header(KintoneHeader.apiToken)]).toBeUndefined();
      expect(request.url).toMatch(/^\/k\/v1\//);
    }
  });

  it("sends two API tokens comma-joined", async () => {
    const { summary, requests } = await runSmoke({
      apiToken: "stub-token-app1, stub-token-app1-view",
      appId: "1",
    });
    expect(failures(summary)).toEqual([]);
    expect(requests).toHaveLength(1);
    for (const request of requests) {
      expect(request.headers[header(KintoneHeader.apiToken)]).toBe(
        "stub-token-app1,stub-token-app1-view",
      );
      expect(request.headers[header(KintoneHeader.password)]).toBeUndefined();
    }
  });

  it("sends OAuth as a bearer token", async () => {
    const { summary, requests } = await runSmoke({ oauthToken: "stub-oauth-token", appId: "1" });
    expect(failures(summary)).toEqual([]);
    expect(requests).toHaveLength(1);
    for (const request of requests) {
      expect(request.headers.authorization).toBe("Bearer stub-oauth-token");
    }
  });

  it("routes guest-capable requests to the guest space", async () => {
    const { summary, requests } = await runSmoke(
      {
        apiToken: "stub-token-app3",
        appId: "3",
        guestSpaceId: "1",
      },
      { folder: "Smoke" },
    );
    expect(failures(summary)).toEqual([]);
    expect(requests).toHaveLength(7);
    for (const request of requests) expect(request.url).toMatch(/^\/k\/guest\/1\/v1\//);
  });

  it("names the kintone error and its hint when the password is wrong", async () => {
    const { summary } = await runSmoke({ username: "sato", password: "wrong", appId: "1" });
    const messages = failures(summary);
    expect(messages.length).toBe(summary.run.stats.requests.total);
    expect(messages[0]).toContain("HTTP 401 CB_WA01");
    expect(messages[0]).toContain("hint: wrong login name or password");
  });

  it("reports the TLS refusal when no client certificate is sent", async () => {
    const summary = await newmanRun({
      collection: files.collectionPath,
      environment: files.environmentPath,
      envVar: [
        { key: "apiToken", value: "stub-token-app1" },
        { key: "appId", value: "1" },
      ],
      folder: ONE_REQUEST,
      sslExtraCaCerts: stub.caCertPath,
    });
    const messages = failures(summary);
    expect(messages.length).toBe(summary.run.stats.requests.total);
    expect(messages[0]).toMatch(/certificate|ECONNRESET|socket hang up|alert/i);
    expect(summary.run.stats.requests.failed).toBe(summary.run.stats.requests.total);
  });

  it("fails every request, saying which variables to set, when no credential is given", async () => {
    const { summary, requests } = await runSmoke({ appId: "1" });
    expect(requests).toEqual([]);
    expect(failures(summary)[0]).toContain(
      "No kintone credentials: set username and password, apiToken, or oauthToken",
    );
  });

  describe("behind Basic authentication", () => {
    let gated: RunningStub;
    beforeAll(async () => {
      gated = await startStub({
        secureAccess: true,
        dir: stub.dir,
        pfxPassphrase: stub.pfxPassphrase,
        basicAuth: { username: "gate", password: "gäte-pass" },
        recordRequests: true,
      });
    });
    afterAll(() => gated?.close());

    it("sends Basic auth in front of kintone's own credentials", async () => {
      const { summary, requests } = await runSmoke(
        {
          username: "Administrator",
          password: "stub-password",
          basicAuthUsername: "gate",
          basicAuthPassword: "gäte-pass",
          appId: "1",
        },
        { target: gated },
      );
      expect(failures(summary)).toEqual([]);
      expect(requests).toHaveLength(1);
      for (const request of requests) {
        expect(request.headers.authorization).toBe(`Basic ${base64("gate:gäte-pass")}`);
        expect(request.headers[header(KintoneHeader.password)]).toBe(
          base64("Administrator:stub-password"),
        );
      }
    });
  });
});
