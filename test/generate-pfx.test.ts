import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.js";
import { generate } from "../src/generate/index.js";
import { PASSPHRASE, sharedCertificates } from "./helpers/certificates.js";
import { expectOneLineError, runCli } from "./helpers/cli.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

const tmp = tempDirEachTest("kintone-postman-generate-pfx-");
// Read only: nothing here writes beside them.
const { pfx } = sharedCertificates();
const baseUrl = "https://acme.s.cybozu.com";

describe("generate --pfx-file-path with its passphrase opens the pfx first", () => {
  it("writes the list for a modern pfx, the passphrase only with --include-secrets, and no warning", async () => {
    const warnings: string[] = [];
    const result = await generate({
      out: tmp.path,
      name: "k",
      baseUrl,
      pfxFilePath: pfx.aes,
      pfxFilePassword: PASSPHRASE,
      includeSecrets: true,
      warn: (line) => warnings.push(line),
    });
    const [entry] = JSON.parse(await readFile(result.certificatesPath!, "utf8"));
    expect(entry).toMatchObject({ pfx: { src: pfx.aes }, passphrase: PASSPHRASE });
    expect(warnings).toEqual([]);
  });

  it("writes the list for a legacy pfx and warns once that plain Newman cannot open it", async () => {
    const warnings: string[] = [];
    const result = await generate({
      out: tmp.path,
      name: "k",
      baseUrl,
      pfxFilePath: pfx.legacy,
      pfxFilePassword: PASSPHRASE,
      warn: (line) => warnings.push(line),
    });
    const [entry] = JSON.parse(await readFile(result.certificatesPath!, "utf8"));
    expect(entry.pfx).toEqual({ src: pfx.legacy });
    expect(entry.passphrase).toBeUndefined();
    expect(warnings).toEqual([
      `warning: client certificate "${pfx.legacy}" uses a legacy encryption (RC2-40) that plain Newman ` +
        "cannot open on Node 17+; kintone-postman run --ssl-client-pfx (or --ssl-client-cert-list) opens it",
    ]);
  });

  it("refuses a wrong passphrase or a damaged file, writing nothing", async () => {
    const damaged = join(tmp.path, "damaged.pfx");
    const bytes = await readFile(pfx.aes);
    await writeFile(damaged, bytes.subarray(0, bytes.length / 2));
    const out = join(tmp.path, "out");
    for (const [path, message] of [
      [pfx.aes, `wrong passphrase for client certificate "${pfx.aes}"`],
      [pfx.legacy, `wrong passphrase for client certificate "${pfx.legacy}"`],
      [damaged, `client certificate "${damaged}" is not a PKCS#12 (.pfx/.p12) file or is damaged`],
    ] as const) {
      const attempt = generate({
        out,
        name: "k",
        baseUrl,
        pfxFilePath: path,
        pfxFilePassword: path === damaged ? PASSPHRASE : "wrong",
      });
      await expect(attempt).rejects.toThrow(new UsageError(message));
    }
    expect(await readdir(tmp.path)).toEqual(["damaged.pfx"]);
  });

  it("as a command: the legacy warning is one stderr line, a wrong passphrase one line and exit 2", async () => {
    const legacy = await runCli(
      ["generate", "--out", tmp.path, "--base-url", baseUrl, "--ssl-client-pfx", pfx.legacy],
      { env: { KINTONE_PFX_FILE_PASSWORD: PASSPHRASE } },
    );
    expect(legacy.code).toBe(0);
    expect(legacy.stderr).toMatch(/^warning: .*plain Newman cannot open.*kintone-postman run.*\n$/);
    expect(legacy.stderr).not.toContain(PASSPHRASE);
    expect(legacy.stdout).toContain("kintone.certificates.json");

    const out = join(tmp.path, "refused");
    const wrong = await runCli(
      ["generate", "--out", out, "--pfx-file-path", pfx.aes, "--pfx-file-password", "wrong"],
      { traceImports: true },
    );
    expectOneLineError(wrong, "wrong passphrase for client certificate");
    // A modern pfx opens with Node's own crypto: node-forge stays unloaded.
    expect(wrong.imports).not.toContain("node-forge");
    expect(await readdir(tmp.path)).not.toContain("refused");
  });
});
