import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { connect, createSecureContext } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startStub,
  writeClientPfx,
  type PfxEncoding,
  type RunningStub,
} from "../../src/stub/index.js";
import { pfxEncodingOf, readPfxCertificates } from "../../src/stub/tls/pkcs12.js";
import { tempDirAllTests } from "../helpers/temp-dir.js";
import { asUser, call } from "./helpers.js";

const openssl = spawnSync("openssl", ["version"], { encoding: "utf8" }).status === 0;

const tmp = tempDirAllTests("kintone-stub-tls-");

describe("PKCS#12 encodings", () => {
  const cases: { encoding: PfxEncoding; passphrase: string }[] = [
    { encoding: "aes", passphrase: "ascii-pass" },
    { encoding: "aes", passphrase: "pässwörd-日本" },
    { encoding: "3des", passphrase: "ascii-pass" },
    { encoding: "3des", passphrase: "pässwörd-日本" },
  ];

  it.each(cases)(
    "Node reads $encoding with passphrase $passphrase",
    async ({ encoding, passphrase }) => {
      const path = await writeClientPfx(tmp.path, {
        encoding,
        passphrase,
        fileName: `${encoding}-${passphrase}.pfx`,
      });
      const pfx = readFileSync(path);
      expect(pfxEncodingOf(pfx)).toBe(encoding);
      expect(() => createSecureContext({ pfx, passphrase })).not.toThrow();
      expect(() => createSecureContext({ pfx, passphrase: "wrong" })).toThrow();
    },
  );

  it("writes legacy RC2-40 that Node refuses and other readers accept", async () => {
    const passphrase = "legacy-pass";
    const path = await writeClientPfx(tmp.path, {
      encoding: "legacy",
      passphrase,
      fileName: "legacy.pfx",
    });
    const pfx = readFileSync(path);
    expect(pfxEncodingOf(pfx)).toBe("legacy");
    expect(() => createSecureContext({ pfx, passphrase })).toThrow("Unsupported PKCS12 PFX data");
    const [leaf, ca] = readPfxCertificates(pfx, passphrase) ?? [];
    expect(leaf?.subject.getField("CN")?.value).toBe("kintone stub client");
    expect(ca?.subject.getField("CN")?.value).toBe("kintone stub CA");
    expect(readPfxCertificates(pfx, "wrong")).toBeUndefined();
  });

  it.skipIf(!openssl)(
    "writes legacy RC2-40 exactly as openssl pkcs12 -legacy reads it",
    async () => {
      const passphrase = "pässwörd";
      const path = await writeClientPfx(tmp.path, {
        encoding: "legacy",
        passphrase,
        fileName: "legacy-utf8.pfx",
      });
      const info = spawnSync(
        "openssl",
        ["pkcs12", "-info", "-legacy", "-nokeys", "-in", path, "-passin", `pass:${passphrase}`],
        { encoding: "utf8" },
      );
      expect(info.status, info.stderr).toBe(0);
      expect(info.stderr).toContain("pbeWithSHA1And40BitRC2-CBC");
      expect(info.stderr).toContain("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC");
      expect(info.stdout).toContain("subject=CN = kintone stub client, O = kintone-postman");
    },
  );

  it("honours validDays", async () => {
    const path = await writeClientPfx(tmp.path, {
      encoding: "3des",
      passphrase: "p",
      fileName: "short.pfx",
      validDays: 2,
    });
    const [leaf] = readPfxCertificates(readFileSync(path), "p") ?? [];
    const days = (leaf!.validity.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(1.9);
    expect(days).toBeLessThanOrEqual(2);
  });
});

describe("certificate files and Secure Access", () => {
  let stub: RunningStub;

  beforeAll(async () => {
    stub = await startStub({
      secureAccess: true,
      dir: tmp.path,
      pfxPassphrase: "secure-pass",
      recordRequests: true,
    });
  });
  afterAll(() => stub?.close());

  it("writes the CA, the server certificate for localhost and 127.0.0.1, and private keys 0600", () => {
    for (const file of ["ca.key", "server.key", "client.pfx"]) {
      expect(statSync(join(tmp.path, file)).mode & 0o777, file).toBe(0o600);
    }
    const server = new X509Certificate(readFileSync(join(tmp.path, "server.crt")));
    expect(server.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1");
    expect(server.checkIssued(new X509Certificate(readFileSync(stub.caCertPath)))).toBe(true);
    expect(stub.caCertPath).toBe(join(tmp.path, "ca.crt"));
    expect(stub.pfxPath).toBe(join(tmp.path, "client.pfx"));
    expect(stub.url).toBe(`https://127.0.0.1:${stub.port}`);
  });

  it("refuses a client without a certificate during the TLS handshake", async () => {
    const before = stub.requests.length;
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(
        { host: "127.0.0.1", port: stub.port, ca: readFileSync(stub.caCertPath) },
        () => {
          // TLS 1.3 reports the refusal on the first read after the handshake.
          socket.write("GET /k/v1/app.json?id=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        },
      );
      socket.on("data", () => resolve("answered"));
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      socket.on("close", () => resolve("closed"));
    });
    expect(outcome).toMatch(/CERTIFICATE_REQUIRED|ECONNRESET|closed/);
    expect(stub.requests.length).toBe(before);
  });

  it("refuses a certificate from another CA and accepts the stub's pfx", async () => {
    const foreign = await writeClientPfx(join(tmp.path, "other-ca"), {
      encoding: "aes",
      passphrase: "x",
    });
    await expect(
      call(stub, "GET", "/k/v1/app.json?id=1", {
        headers: asUser(),
        agent: { pfx: readFileSync(foreign), passphrase: "x" },
      }),
    ).rejects.toThrow();
    const response = await call(stub, "GET", "/k/v1/app.json?id=1", {
      headers: asUser(),
      agent: { pfx: readFileSync(stub.pfxPath), passphrase: stub.pfxPassphrase },
    });
    expect(response.status).toBe(200);
  });

  it("reuses client.pfx when the passphrase opens it, and rewrites it otherwise", async () => {
    const before = readFileSync(stub.pfxPath);
    const ca = readFileSync(stub.caCertPath, "utf8");
    const same = await startStub({ dir: tmp.path, pfxPassphrase: "secure-pass" });
    await same.close();
    expect(readFileSync(stub.pfxPath)).toEqual(before);
    const legacy = await startStub({
      dir: tmp.path,
      pfxPassphrase: "secure-pass",
      legacyPfx: true,
    });
    await legacy.close();
    expect(pfxEncodingOf(readFileSync(stub.pfxPath))).toBe("legacy");
    const other = await startStub({ dir: tmp.path });
    await other.close();
    expect(other.pfxPassphrase).not.toBe("secure-pass");
    expect(readPfxCertificates(readFileSync(stub.pfxPath), other.pfxPassphrase)).toHaveLength(2);
    // The CA outlives every restart: clients that trust it keep trusting the stub.
    expect(readFileSync(stub.caCertPath, "utf8")).toBe(ca);
  });

  it("keeps a generated passphrase beside client.pfx, so the next start reuses the pfx", async () => {
    const first = await startStub({ dir: join(tmp.path, "kept") });
    await first.close();
    const passphraseFile = join(tmp.path, "kept", "client.pfx.passphrase");
    expect(first.pfxPassphrasePath).toBe(passphraseFile);
    expect(readFileSync(passphraseFile, "utf8")).toBe(first.pfxPassphrase);
    expect(statSync(passphraseFile).mode & 0o777).toBe(0o600);
    const pfx = readFileSync(first.pfxPath);
    const second = await startStub({ dir: join(tmp.path, "kept") });
    await second.close();
    expect(second.pfxPassphrase).toBe(first.pfxPassphrase);
    expect(readFileSync(second.pfxPath)).toEqual(pfx);
    // A passphrase given instead rewrites the pfx: the saved one would no longer open it.
    const given = await startStub({ dir: join(tmp.path, "kept"), pfxPassphrase: "given-pass" });
    await given.close();
    expect(given.pfxPassphrasePath).toBeUndefined();
    expect(existsSync(passphraseFile)).toBe(false);
  });

  it("answers without a client certificate when Secure Access is off", async () => {
    const open = await startStub({ dir: tmp.path });
    try {
      expect((await call(open, "GET", "/k/v1/app.json?id=1", { headers: asUser() })).status).toBe(
        200,
      );
    } finally {
      await open.close();
    }
  });
});
