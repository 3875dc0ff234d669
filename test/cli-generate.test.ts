import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOneLineError, runCli } from "./helpers/cli.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

const tmp = tempDirEachTest("kintone-postman-cli-");

describe("kintone-postman generate", () => {
  it("writes the files and tells the Postman steps, loading neither Newman, node-forge, the collection SDK nor the kintone client", async () => {
    const result = await runCli(["generate", "--out", tmp.path], { traceImports: true });
    expect(result.imports).toContain("./command-line.js"); // the trace works…
    expect(result.imports).not.toContain("newman"); // …and Newman stays unloaded,
    expect(result.imports).not.toContain("node-forge"); // as do the certificate tools
    expect(result.imports).not.toContain("postman-collection"); // and the SDK: plain JSON,
    expect(result.imports).not.toContain("@kintone/rest-api-client"); // and, without --app, the client
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("kintone.postman_collection.json");
    expect(result.stdout).toContain("File → Import");
    expect(await readdir(tmp.path)).toHaveLength(3);
    expect(result.stdout).toContain("kintone-upload-sample.txt");
  });

  it("takes a secret that starts with a dash as the value, never as flags it would echo", async () => {
    const secrets = ["-p", "-Secret9", "--basic-auth-password", "--B-pw", "--oauth-token", "-o1"];
    const result = await runCli([
      "generate",
      "--out",
      tmp.path,
      "-u",
      "someone",
      ...secrets,
      "--include-secrets",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const environment = await readFile(join(tmp.path, "kintone.postman_environment.json"), "utf8");
    for (const value of ["-Secret9", "--B-pw", "-o1"]) expect(environment).toContain(`"${value}"`);
    // A secret flag with nothing after it is one line that names the flag alone.
    const missing = await runCli(["generate", "--out", tmp.path, "-u", "someone", "-p"]);
    expectOneLineError(missing, "Not enough arguments following: p");
  });

  it("reads KINTONE_* variables as defaults and still keeps secrets out of the files", async () => {
    const env = {
      KINTONE_BASE_URL: "https://env.cybozu.com",
      KINTONE_USERNAME: "env-user",
      KINTONE_PASSWORD: "env-password-secret",
      KINTONE_API_TOKEN: "env-token-a,env-token-b",
      KINTONE_GUEST_SPACE_ID: "7",
    };
    const result = await runCli(["generate", "--out", tmp.path], { env });
    expect(result.code).toBe(0);
    const environment = await readFile(join(tmp.path, "kintone.postman_environment.json"), "utf8");
    expect(environment).toContain("https://env.cybozu.com");
    expect(environment).toContain("env-user");
    expect(environment).toMatch(/"key": "guestSpaceId",\s+"value": "7"/);
    expect(environment).not.toContain("env-password-secret");
    expect(environment).not.toContain("env-token-a");
    expect(result.stdout + result.stderr).not.toContain("env-password-secret");
  });

  it("--include-secrets writes them on request", async () => {
    const env = { KINTONE_API_TOKEN: "env-token-a,env-token-b" };
    const result = await runCli(["generate", "--out", tmp.path, "--include-secrets"], { env });
    expect(result.code).toBe(0);
    const environment = await readFile(join(tmp.path, "kintone.postman_environment.json"), "utf8");
    expect(environment).toContain('"value": "env-token-a,env-token-b"');
  });

  it("--help names the variables, never their secret values", async () => {
    const result = await runCli(["generate", "--help"], { env: { KINTONE_PASSWORD: "hunter2" } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("KINTONE_PASSWORD");
    expect(result.stdout).not.toContain("hunter2");
  });

  // Bad values are generate()'s UsageErrors, tested in generate.test.ts; the process turns any
  // UsageError into this one line and exit 2, as it does yargs' own refusals.
  it.each([
    [["--base-url", "http://acme.cybozu.com"], "--base-url must use https"],
    [["--no-such-flag"], "Unknown argument"],
  ])("refuses %j with one line and exit 2, writing nothing", async (args, message) => {
    const result = await runCli(["generate", "--out", tmp.path, ...args]);
    expectOneLineError(result, message);
    expect(result.stdout).toBe("");
    expect(await readdir(tmp.path)).toEqual([]);
  });

  it("takes the last value of a flag given twice, and collects repeatable ones", async () => {
    const env = { KINTONE_API_TOKEN: "" };
    const result = await runCli(
      [
        "generate",
        "--out",
        "/nonexistent",
        "--out",
        tmp.path,
        "--api-token",
        "a",
        "--api-token",
        "b,c",
        "--include-secrets",
      ],
      { env },
    );
    expect(result.code).toBe(0);
    const environment = await readFile(join(tmp.path, "kintone.postman_environment.json"), "utf8");
    expect(environment).toContain('"value": "a,b,c"');
  });

  it("asks for a command when given none", async () => {
    expectOneLineError(await runCli([]), "Name a command");
  });
});
