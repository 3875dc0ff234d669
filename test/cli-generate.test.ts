import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

const traceImports = fileURLToPath(new URL("./helpers/trace-imports.mjs", import.meta.url));

const tmp = tempDirEachTest("kintone-postman-cli-");

function expectOneLineError(result: { code: number | null; stderr: string }, message: string) {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^kintone-postman: .+\n$/);
  expect(result.stderr).toContain(message);
}

describe("kintone-postman generate", () => {
  it("writes the files and tells the Postman steps, loading neither Newman, node-forge nor the collection SDK", async () => {
    const result = await runCli(["generate", "--out", tmp.path], {
      nodeArgs: ["--import", traceImports],
    });
    expect(result.stderr).toContain("import:yargs"); // the trace works…
    expect(result.stderr).not.toMatch(/import:newman\b/); // …and Newman stays unloaded,
    expect(result.stderr).not.toMatch(/import:node-forge\b/); // as do the certificate tools
    expect(result.stderr).not.toMatch(/import:postman-collection\b/); // and the SDK: plain JSON
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("kintone.postman_collection.json");
    expect(result.stdout).toContain("File → Import");
    expect(await readdir(tmp.path)).toHaveLength(2);
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

  it.each([
    [["--base-url", "http://acme.cybozu.com"], "--base-url must use https"],
    [["--guest-space-id", "-3"], "--guest-space-id must be a positive integer"],
    [["--pfx-file-path", "/nonexistent.pfx"], "client certificate not found: /nonexistent.pfx"],
    [["--no-such-flag"], "Unknown argument"],
    [["--out", "/dev/null/sub"], "cannot write /dev/null/sub (ENOTDIR)"],
  ])("refuses %j with one line and exit 2, writing nothing", async (args, message) => {
    const result = await runCli(["generate", "--out", tmp.path, ...args]);
    expectOneLineError(result, message);
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
