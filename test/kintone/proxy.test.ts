import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { proxyFor } from "../../src/kintone/proxy.js";
import { runCli } from "../helpers/cli.js";
import { startConnectProxy, type ConnectProxy } from "../helpers/connect-proxy.js";
import { PASSPHRASE, seed, startStubFixture, type StubFixture } from "../runner/stub-fixture.js";

describe("proxyFor: the rules Newman applies to the same variables", () => {
  const kintone = new URL("https://example.cybozu.com");
  it.each([
    [{ httpsProxy: "http://p:8080" }, "http://p:8080/"],
    [{ httpsProxy: "p:8080" }, "http://p:8080/"],
    [{ httpProxy: "http://p:3128" }, "http://p:3128/"],
    [{ httpsProxy: "http://p:8080", noProxy: "*" }, undefined],
    [{ httpsProxy: "http://p:8080", noProxy: "cybozu.com" }, undefined],
    [{ httpsProxy: "http://p:8080", noProxy: ".cybozu.com" }, undefined],
    [{ httpsProxy: "http://p:8080", noProxy: "other.com, example.cybozu.com:443" }, undefined],
    [{ httpsProxy: "http://p:8080", noProxy: "example.cybozu.com:8443" }, "http://p:8080/"],
    [{ httpsProxy: "http://p:8080", noProxy: "ample.cybozu.com" }, "http://p:8080/"],
    [{}, undefined],
  ])("%j → %s", (settings, expected) => {
    expect(proxyFor(kintone, settings)?.href).toBe(expected);
  });
});

describe("run and doctor through a CONNECT proxy, the client certificate end to end", () => {
  let fixture: StubFixture;
  let proxy: ConnectProxy;
  beforeAll(async () => {
    fixture = await startStubFixture();
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await proxy.close();
    await fixture.close();
  });
  beforeEach(() => {
    proxy.tunnels.length = 0;
    fixture.stub.requests.length = 0;
  });

  const host = () => new URL(fixture.stub.url).host;
  // Secure Access: the stub answers only a TLS session that presented its client certificate.
  const tls = () => [
    "--ssl-client-pfx",
    fixture.pfx.legacy,
    "--ssl-client-passphrase",
    PASSPHRASE,
    "--ssl-extra-ca-certs",
    fixture.stub.caCertPath,
  ];
  const login = ["-u", seed.admin.username, "-p", seed.admin.password, "--app", "1"];
  const runArgs = () => ["run", fixture.collectionPath, ...login, ...tls()];
  const doctorArgs = () => ["doctor", "--base-url", fixture.stub.url, ...login, ...tls()];

  it("run: HTTPS_PROXY carries every request through tunnels to the stub", async () => {
    const result = await runCli(runArgs(), { env: { HTTPS_PROXY: proxy.url } });
    // Newman's tunnel names the TLS server by its address when the host is one (127.0.0.1 here),
    // and Node warns about it; a kintone host is a name.
    const otherLines = result.stderr
      .split("\n")
      .filter((line) => line !== "" && !/DEP0123|trace-deprecation/.test(line));
    expect(otherLines).toEqual([]);
    expect(result.code).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([host()]));
    expect(fixture.stub.requests.length).toBeGreaterThan(0);
  });

  it("run: NO_PROXY naming the host goes direct", async () => {
    const result = await runCli(runArgs(), {
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.1" },
    });
    expect(result.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });

  it("doctor: HTTPS_PROXY, and HTTP_PROXY alone, tunnel the signed request", async () => {
    for (const variable of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY"]) {
      proxy.tunnels.length = 0;
      const result = await runCli(doctorArgs(), { env: { [variable]: proxy.url } });
      expect(result.stdout).toMatch(/\[ok\]\s+request/);
      expect(result.stdout).toContain(`through the proxy ${proxy.url}`);
      expect(result.code).toBe(0);
      expect(proxy.tunnels).toEqual([host()]);
    }
  });

  it("generate --app: HTTPS_PROXY tunnels the form reads, NO_PROXY goes direct", async () => {
    const out = join(fixture.dir, "through-proxy");
    const generateArgs = [
      "generate",
      "--base-url",
      fixture.stub.url,
      ...login,
      ...tls(),
      "--out",
      out,
    ];
    const through = await runCli(generateArgs, { env: { HTTPS_PROXY: proxy.url } });
    expect(through.code).toBe(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([host()]));
    expect(fixture.stub.requests.some((r) => r.url.includes("/app/form/fields.json"))).toBe(true);
    proxy.tunnels.length = 0;
    const direct = await runCli(generateArgs, {
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.1" },
    });
    expect(direct.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });

  it("doctor: NO_PROXY goes direct", async () => {
    const result = await runCli(doctorArgs(), {
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" },
    });
    expect(result.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });

  it("doctor: a proxy that is not there fails the request check, naming it", async () => {
    const result = await runCli(doctorArgs(), { env: { HTTPS_PROXY: "http://127.0.0.1:1" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("through the proxy http://127.0.0.1:1");
  });
});
