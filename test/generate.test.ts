import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CollectionVariable } from "../src/environment/variables.js";
import { UsageError } from "../src/errors.js";
import { generate, nextSteps, type GenerateOptions } from "../src/generate/index.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

const tmp = tempDirEachTest("kintone-postman-generate-");

const secrets = {
  username: "sato",
  password: "p@ss-秘密",
  apiTokens: ["tok1", "tok2"],
  oauthToken: "oauth-secret",
  basicAuthUsername: "gate",
  basicAuthPassword: "gate-secret",
};

async function readJson(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
}

function environmentValues(environment: {
  values: { key: string; value: string; type: string }[];
}) {
  return Object.fromEntries(environment.values.map((v) => [v.key, v]));
}

describe("generate", () => {
  it("writes a collection and an environment with empty secrets by default", async () => {
    const result = await generate({
      out: tmp.path,
      name: "acme",
      baseUrl: "https://acme.cybozu.com/",
      ...secrets,
    });
    expect(await readdir(tmp.path)).toEqual([
      "acme.postman_collection.json",
      "acme.postman_environment.json",
      // Upload file's sample: the request sends it by this relative name.
      "kintone-upload-sample.txt",
    ]);
    expect(result.samplePaths).toEqual([join(tmp.path, "kintone-upload-sample.txt")]);
    const environment = await readJson(result.environmentPath);
    expect(environment._postman_variable_scope).toBe("environment");
    const values = environmentValues(environment);
    expect(Object.keys(values).slice(0, 11)).toEqual([
      "baseUrl",
      "authMethod",
      "username",
      "password",
      "apiToken",
      "oauthToken",
      "basicAuthUsername",
      "basicAuthPassword",
      "guestSpaceId",
      "appId",
      "recordId",
    ]);
    expect(values.baseUrl?.value).toBe("https://acme.cybozu.com");
    expect(values.username?.value).toBe("sato");
    expect(values.basicAuthUsername?.value).toBe("gate");
    expect(values.authMethod?.value).toBe("auto");
    for (const key of ["password", "apiToken", "oauthToken", "basicAuthPassword"]) {
      expect(values[key]).toMatchObject({ type: "secret", value: "" });
    }
    const everything =
      (await readFile(result.collectionPath, "utf8")) + JSON.stringify(environment);
    for (const secret of ["p@ss", "tok1", "oauth-secret", "gate-secret"]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("writes secrets only with includeSecrets, in a file for its owner only", async () => {
    const result = await generate({ out: tmp.path, name: "k", ...secrets, includeSecrets: true });
    const values = environmentValues(await readJson(result.environmentPath));
    expect(values.password?.value).toBe("p@ss-秘密");
    expect(values.apiToken?.value).toBe("tok1,tok2");
    expect(values.oauthToken?.value).toBe("oauth-secret");
    expect((await stat(result.environmentPath)).mode & 0o777).toBe(0o600);
  });

  it("declares every variable the requests use", async () => {
    const result = await generate({ out: tmp.path, name: "k" });
    const collection = await readFile(result.collectionPath, "utf8");
    const declared = new Set(
      Object.keys(environmentValues(await readJson(result.environmentPath))),
    );
    const collectionVariables: string[] = Object.values(CollectionVariable);
    const used = [...collection.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    for (const name of used) {
      if (!collectionVariables.includes(name)) expect(declared, name).toContain(name);
    }
  });

  it("is deterministic: byte-identical files on a second run", async () => {
    const first = await generate({ out: tmp.path, name: "k" });
    const before = await readFile(first.collectionPath, "utf8");
    const envBefore = await readFile(first.environmentPath, "utf8");
    await generate({ out: tmp.path, name: "k" });
    expect(await readFile(first.collectionPath, "utf8")).toBe(before);
    expect(await readFile(first.environmentPath, "utf8")).toBe(envBefore);
  });

  describe("with a client certificate", () => {
    // Without a passphrase the file is not opened (generate-pfx.test.ts opens real ones).
    it("writes a Newman certificate list matching the host", async () => {
      const pfx = join(tmp.path, "client.pfx");
      await writeFile(pfx, "not really a pfx");
      const result = await generate({
        out: tmp.path,
        name: "k",
        baseUrl: "https://acme.s.cybozu.com",
        pfxFilePath: pfx,
      });
      expect(await readJson(result.certificatesPath!)).toEqual([
        {
          name: "kintone client certificate (acme.s.cybozu.com)",
          matches: ["https://acme.s.cybozu.com/*"],
          pfx: { src: pfx },
        },
      ]);
      expect(nextSteps(result).at(-1)).toContain("Settings → Certificates");
      const collection = await readFile(result.collectionPath, "utf8");
      expect(collection).toContain("https://acme.s.cybozu.com/*");
    });

    it("keeps the port in the match (a pattern without one matches 443 only)", async () => {
      const pfx = join(tmp.path, "client.pfx");
      await writeFile(pfx, "x");
      const result = await generate({
        out: tmp.path,
        name: "k",
        baseUrl: "https://127.0.0.1:8443",
        pfxFilePath: pfx,
      });
      const [entry] = await readJson(result.certificatesPath!);
      expect(entry.matches).toEqual(["https://127.0.0.1:8443/*"]);
    });
  });

  describe("bad input: one line, nothing written", () => {
    it.each<[Partial<GenerateOptions>, string]>([
      [{ baseUrl: "http://acme.cybozu.com" }, "--base-url must use https"],
      [{ baseUrl: "acme.cybozu.com" }, "is not a URL"],
      [{ baseUrl: "https://acme.cybozu.com/k/v1" }, "without a path"],
      [{ baseUrl: "http://me:S3CRET@acme.cybozu.com" }, "must not contain a login or password"],
      [{ baseUrl: "https://me:S3CRET@exa mple.com" }, "--base-url is not a URL"],
      [{ guestSpaceId: "0" }, "--guest-space-id must be a positive integer"],
      [{ guestSpaceId: "-3" }, "--guest-space-id must be a positive integer"],
      [{ guestSpaceId: "abc" }, "--guest-space-id must be a positive integer"],
      [
        { pfxFilePath: "/nonexistent/client.pfx" },
        "client certificate not found: /nonexistent/client.pfx",
      ],
      [{ apiTokens: Array.from({ length: 10 }, (_, i) => `t${i}`) }, "at most 9"],
      [{ name: "../escape" }, "--name"],
    ])("%j", async (options, message) => {
      const attempt = generate({ out: tmp.path, name: "k", ...options });
      await expect(attempt).rejects.toBeInstanceOf(UsageError);
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.not.toThrow("S3CRET");
      expect(await readdir(tmp.path)).toEqual([]);
    });

    it("names an output folder it cannot write", async () => {
      await expect(generate({ out: "/dev/null/sub", name: "k" })).rejects.toThrow(
        new UsageError("cannot write /dev/null/sub (ENOTDIR)"),
      );
    });

    it("allows plain http for a local server", async () => {
      const result = await generate({ out: tmp.path, name: "k", baseUrl: "http://127.0.0.1:3000" });
      const values = environmentValues(await readJson(result.environmentPath));
      expect(values.baseUrl?.value).toBe("http://127.0.0.1:3000");
    });
  });
});
