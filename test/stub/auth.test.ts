import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStub, type RunningStub } from "../../src/stub/index.js";
import { startTestStub } from "../helpers/certificates.js";
import { asUser, base64, call, expectKintoneError } from "./helpers.js";

let stub: RunningStub;

beforeAll(async () => {
  stub = await startTestStub({
    users: [{ login: "ユーザー", password: "秘密:with:colons" }],
    recordRequests: true,
  });
});
afterAll(() => stub?.close());

const getApp = (headers: Record<string, string | string[]>, app = 1) =>
  call(stub, "GET", `/k/v1/app.json?id=${app}`, { headers: headers as Record<string, string> });

describe("password authentication", () => {
  it("accepts base64 of the UTF-8 login:password, non-ASCII included", async () => {
    expect((await getApp(asUser("sato", "パスワード"))).status).toBe(200);
    expect((await getApp(asUser("ユーザー", "秘密:with:colons"))).status).toBe(200);
  });

  it("refuses a password encoded in another charset, a wrong password or an unknown login: CB_WA01", async () => {
    const latin1 = Buffer.from("sato:パスワード", "latin1").toString("base64");
    await expectKintoneError(getApp({ "X-Cybozu-Authorization": latin1 }), 401, "CB_WA01");
    await expectKintoneError(getApp(asUser("sato", "wrong")), 401, "CB_WA01");
    await expectKintoneError(getApp(asUser("nobody", "x")), 401, "CB_WA01");
  });

  it("answers CB_AU01 when no credentials come", async () => {
    await expectKintoneError(getApp({}), 401, "CB_AU01");
  });

  it("records the exact header values received", async () => {
    await getApp(asUser("sato", "パスワード"));
    expect(stub.requests.at(-1)?.headers["x-cybozu-authorization"]).toBe(base64("sato:パスワード"));
  });
});

describe("API token authentication", () => {
  it("accepts the app's token, alone or comma-joined with others, in one header or several", async () => {
    expect((await getApp({ "X-Cybozu-API-Token": "stub-token-app1" })).status).toBe(200);
    expect((await getApp({ "X-Cybozu-API-Token": "stub-token-app2,stub-token-app1" })).status).toBe(
      200,
    );
    expect(
      (await getApp({ "X-Cybozu-API-Token": "stub-token-app2, stub-token-app1" })).status,
    ).toBe(200);
    expect(
      (await getApp({ "X-Cybozu-API-Token": ["stub-token-app2", "stub-token-app1"] })).status,
    ).toBe(200);
  });

  it("accepts nine tokens and refuses ten", async () => {
    const tokens = (n: number) => Array.from({ length: n }, () => "stub-token-app1").join(",");
    expect((await getApp({ "X-Cybozu-API-Token": tokens(9) })).status).toBe(200);
    await expectKintoneError(getApp({ "X-Cybozu-API-Token": tokens(10) }), 400, "CB_IL02");
  });

  it("refuses a token of another app, and an unknown token, with GAIA_IA02", async () => {
    await expectKintoneError(getApp({ "X-Cybozu-API-Token": "stub-token-app2" }), 400, "GAIA_IA02");
    await expectKintoneError(getApp({ "X-Cybozu-API-Token": "no-such-token" }), 400, "GAIA_IA02");
  });

  it("refuses what the token's permissions do not cover, and APIs tokens cannot use", async () => {
    const viewOnly = { "X-Cybozu-API-Token": "stub-token-app1-view" };
    expect(
      (await call(stub, "GET", "/k/v1/record.json?app=1&id=1", { headers: viewOnly })).status,
    ).toBe(200);
    await expectKintoneError(
      call(stub, "POST", "/k/v1/record.json", {
        headers: viewOnly,
        body: { app: 1, record: { Text: { value: "x" } } },
      }),
      403,
      "GAIA_NO01",
    );
    await expectKintoneError(
      call(stub, "GET", "/k/v1/space.json?id=2", {
        headers: { "X-Cybozu-API-Token": "stub-token-app2" },
      }),
      403,
      "GAIA_NO01",
    );
  });
});

describe("OAuth and precedence", () => {
  it("accepts a seeded bearer token and refuses others", async () => {
    expect((await getApp({ Authorization: "Bearer stub-oauth-token" })).status).toBe(200);
    expect((await getApp({ Authorization: "Bearer wrong" })).status).toBe(401);
  });

  it("uses the password over a token, and a token over OAuth", async () => {
    await expectKintoneError(
      getApp({ ...asUser("sato", "wrong"), "X-Cybozu-API-Token": "stub-token-app1" }),
      401,
      "CB_WA01",
    );
    expect((await getApp({ ...asUser(), "X-Cybozu-API-Token": "no-such-token" })).status).toBe(200);
    expect(
      (await getApp({ "X-Cybozu-API-Token": "stub-token-app1", Authorization: "Bearer wrong" }))
        .status,
    ).toBe(200);
    await expectKintoneError(
      getApp({ "X-Cybozu-API-Token": "stub-token-app2", Authorization: "Bearer stub-oauth-token" }),
      400,
      "GAIA_IA02",
    );
  });
});

describe("Basic authentication in front", () => {
  let gated: RunningStub;
  const basic = (user: string, password: string) => ({
    Authorization: `Basic ${base64(`${user}:${password}`)}`,
  });

  beforeAll(async () => {
    gated = await startStub({
      dir: stub.dir,
      basicAuth: { username: "gate", password: "gäte:pass" },
    });
  });
  afterAll(() => gated?.close());

  it("answers 401 with a Basic challenge before kintone looks at anything", async () => {
    for (const headers of [{}, asUser(), { ...asUser(), ...basic("gate", "wrong") }]) {
      const response = await call(gated, "GET", "/k/v1/app.json?id=1", { headers });
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Basic realm="kintone"');
      expect(response.headers["content-type"]).toMatch(/^text\/html/);
    }
  });

  it("lets password and token authentication through behind it", async () => {
    const through = (headers: Record<string, string>) =>
      call(gated, "GET", "/k/v1/app.json?id=1", {
        headers: { ...basic("gate", "gäte:pass"), ...headers },
      });
    expect((await through(asUser())).status).toBe(200);
    expect((await through({ "X-Cybozu-API-Token": "stub-token-app1" })).status).toBe(200);
    await expectKintoneError(through({}), 401, "CB_AU01");
  });
});
