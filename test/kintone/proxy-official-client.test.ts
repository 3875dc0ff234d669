import { readFile } from "node:fs/promises";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpsAgentFor } from "../../src/kintone/proxy.js";
import { startConnectProxy, type ConnectProxy } from "../helpers/connect-proxy.js";
import { PASSPHRASE, seed, startStubFixture, type StubFixture } from "../runner/stub-fixture.js";

/**
 * The shared agent as a command that reads kintone with the official client would use it: the
 * client certificate presented through the proxy's tunnel, or directly when NO_PROXY says so.
 */
describe("httpsAgentFor with @kintone/rest-api-client", () => {
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

  async function readApp(settings: Parameters<typeof httpsAgentFor>[1]) {
    const agent = httpsAgentFor(new URL(fixture.stub.url), settings, {
      pfx: await readFile(fixture.pfx.aes),
      passphrase: PASSPHRASE,
      ca: await readFile(fixture.stub.caCertPath),
    });
    const client = new KintoneRestAPIClient({
      baseUrl: fixture.stub.url,
      auth: { username: seed.admin.username, password: seed.admin.password },
      httpsAgent: agent,
      proxy: false,
    });
    try {
      return await client.app.getApp({ id: "1" });
    } finally {
      agent.destroy();
    }
  }

  it("through the tunnel, Secure Access satisfied", async () => {
    proxy.tunnels.length = 0;
    const app = await readApp({ httpsProxy: proxy.url });
    expect(app.appId).toBe("1");
    expect(proxy.tunnels).toEqual([new URL(fixture.stub.url).host]);
  });

  it("direct with NO_PROXY", async () => {
    proxy.tunnels.length = 0;
    const app = await readApp({ httpsProxy: proxy.url, noProxy: "127.0.0.1" });
    expect(app.appId).toBe("1");
    expect(proxy.tunnels).toEqual([]);
  });
});
