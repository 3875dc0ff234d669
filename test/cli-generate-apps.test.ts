import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStub, type RunningStub } from "../src/stub/index.js";
import { runCli } from "./helpers/cli.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

/** `generate --app` as a user runs it, against the stub (plain HTTPS, its CA trusted). */
const tmp = tempDirEachTest("kintone-postman-cli-apps-");
let stub: RunningStub;

beforeAll(async () => {
  stub = await startStub({ recordRequests: true });
});
afterAll(() => stub?.close());

const generate = (args: string[], env: Record<string, string> = {}) =>
  runCli(
    [
      "generate",
      "--out",
      tmp.path,
      "--base-url",
      stub.url,
      "--ssl-extra-ca-certs",
      stub.caCertPath,
      ...args,
    ],
    { env: { KINTONE_USERNAME: "Administrator", KINTONE_PASSWORD: "stub-password", ...env } },
  );

describe("kintone-postman generate --app", () => {
  it.each(["0", "abc", "1.5", "4,x", "-3"])(
    "refuses --app %s before any request: one line, exit 2, nothing written",
    async (value) => {
      const before = stub.requests.length;
      const result = await generate(["--app", "4", "--app", value]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^kintone-postman: --app ".*" is not an app id \(a positive integer\)\n$/,
      );
      expect(stub.requests.length).toBe(before);
      expect(await readdir(tmp.path)).toEqual([]);
    },
  );

  it("refuses an --ssl-extra-ca-certs file with no PEM certificate before any request", async () => {
    const before = stub.requests.length;
    // The flag given twice takes its last value: the project's package.json, which is no PEM.
    const result = await generate(["--app", "4", "--ssl-extra-ca-certs", "package.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kintone-postman: --ssl-extra-ca-certs: "package.json" holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)\n',
    );
    expect(stub.requests.length).toBe(before);
    expect(await readdir(tmp.path)).toEqual([]);
  });

  it("names a failing app with kintone's code and a hint, and writes nothing", async () => {
    const missing = await generate(["--app", "4,99"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "kintone-postman: app 99: GAIA_AP01 (HTTP 404): no such app, or no permission to it: check --app\n",
    );
    const guest = await generate(["--app", "3"]);
    expect(guest.code).toBe(2);
    expect(guest.stderr).toContain(
      "app 3: GAIA_IL23 (HTTP 400): the app is in a guest space: pass --guest-space-id (KINTONE_GUEST_SPACE_ID)",
    );
    const token = await generate(["--app", "1"], {
      KINTONE_USERNAME: "",
      KINTONE_PASSWORD: "",
      KINTONE_API_TOKEN: "stub-token-app2",
    });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain("app 1: GAIA_IA02");
    const password = await generate(["--app", "1"], { KINTONE_PASSWORD: "wrong" });
    expect(password.stderr).toContain("app 1: CB_WA01 (HTTP 401): wrong login name or password");
    expect(await readdir(tmp.path)).toEqual([]);
    expect(missing.stderr + guest.stderr + password.stderr).not.toContain("stub-password");
  });

  it("prints one progress line per app on stderr and sets appId to the first app", async () => {
    const result = await generate(["--app", "4", "--app", "2,1"]);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^app 4 案件管理 … \d+ fields$/),
      expect.stringMatching(/^app 2 Orders … \d+ fields$/),
      expect.stringMatching(/^app 1 Customers … \d+ fields$/),
    ]);
    const environment = await readFile(join(tmp.path, "kintone.postman_environment.json"), "utf8");
    expect(environment).toMatch(/"key": "appId",\s+"value": "4"/);
    expect(environment).not.toContain("stub-password");
  });

  it("gives byte-identical files for the same forms", async () => {
    await generate(["--app", "4,1"]);
    const first = await readFile(join(tmp.path, "kintone.postman_collection.json"), "utf8");
    await generate(["--app", "4,1"]);
    expect(await readFile(join(tmp.path, "kintone.postman_collection.json"), "utf8")).toBe(first);
  });

  // Without --app the kintone client stays unloaded: cli-generate.test.ts traces that command.
});
