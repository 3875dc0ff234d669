import { X509Certificate, createPrivateKey } from "node:crypto";
import { createSecureContext } from "node:tls";
import { describe, expect, it } from "vitest";
import { pfxCertificateEntry } from "../../src/certificates/cert-list.js";
import { inspectPfx } from "../../src/certificates/pfx-inspect.js";
import { openPfx } from "../../src/certificates/pfx.js";
import { UsageError } from "../../src/errors.js";
import { PASSPHRASE, sharedCertificates } from "../helpers/certificates.js";

// Read only: nothing here writes beside them.
const { dir, pfx } = sharedCertificates();

describe("openPfx", () => {
  it("hands modern encodings over as they are", async () => {
    for (const encoding of ["aes", "3des"] as const) {
      const opened = await openPfx(pfx[encoding], PASSPHRASE);
      expect(opened).toMatchObject({ kind: "pfx", path: pfx[encoding], passphrase: PASSPHRASE });
    }
  });

  it("re-encodes a legacy pfx as PEM, its key under AES-256 and a passphrase of its own", async () => {
    const opened = await openPfx(pfx.legacy, PASSPHRASE);
    if (opened.kind !== "pem") throw new Error(`expected pem, got ${opened.kind}`);
    // Encrypted: unreadable without the run's own passphrase.
    expect(() => createPrivateKey(opened.key)).toThrow();
    expect(opened.passphrase).not.toBe(PASSPHRASE);
    const key = createPrivateKey({ key: opened.key, passphrase: opened.passphrase });
    const [leaf, issuer] = opened.cert.split(/(?<=-----END CERTIFICATE-----\n)/);
    expect(new X509Certificate(leaf!).checkPrivateKey(key)).toBe(true);
    expect(new X509Certificate(issuer!).subject).toContain("CN=kintone stub CA");
    // What generate's warning names.
    expect(opened.encryption).toEqual(["RC2-40", "3DES"]);
  });

  it("names the file and the passphrase when it does not open", async () => {
    for (const encoding of ["aes", "3des", "legacy"] as const) {
      await expect(openPfx(pfx[encoding], "wrong")).rejects.toThrow(
        new UsageError(`wrong passphrase for client certificate "${pfx[encoding]}"`),
      );
    }
    await expect(openPfx(pfx.aes, undefined)).rejects.toThrow(/needs its passphrase/);
    await expect(openPfx(dir, PASSPHRASE)).rejects.toThrow(/is a directory/);
  });
});

describe("inspectPfx", () => {
  it("reads the encryption schemes from the file's structure", async () => {
    const encryption = await Promise.all(
      (["aes", "3des", "legacy"] as const).map(
        async (e) => (await inspectPfx(pfx[e], PASSPHRASE)).details.encryption,
      ),
    );
    expect(encryption).toEqual([["AES-256"], ["3DES"], ["RC2-40", "3DES"]]);
  });

  it("reads subject, issuer and validity, natively or through node-forge", async () => {
    const [{ details: modern }, { details: legacy }] = await Promise.all([
      inspectPfx(pfx.aes, PASSPHRASE),
      inspectPfx(pfx.legacy, PASSPHRASE),
    ]);
    for (const details of [modern, legacy]) {
      expect(details.subject).toBe("CN=kintone stub client, O=kintone-postman");
      expect(details.issuer).toBe("CN=kintone stub CA, O=kintone-postman");
      const days = (details.validTo.getTime() - details.validFrom.getTime()) / 86_400_000;
      expect(Math.round(days)).toBe(365);
    }
    expect([modern.opensNatively, legacy.opensNatively]).toEqual([true, false]);
  });

  it("hands back the pfx ready for TLS, as openPfx would: a legacy one as PEM, a modern one as it is", async () => {
    const [modern, legacy] = await Promise.all([
      inspectPfx(pfx.aes, PASSPHRASE),
      inspectPfx(pfx.legacy, PASSPHRASE),
    ]);
    expect(modern.pfx).toMatchObject({ kind: "pfx", path: pfx.aes, passphrase: PASSPHRASE });
    expect(legacy.pfx).toMatchObject({ kind: "pem", encryption: ["RC2-40", "3DES"] });
    for (const { pfx: usable } of [modern, legacy]) {
      const options =
        usable.kind === "pfx"
          ? { pfx: usable.data, passphrase: usable.passphrase }
          : { cert: usable.cert, key: usable.key, passphrase: usable.passphrase };
      expect(() => createSecureContext(options)).not.toThrow();
    }
  });
});

describe("pfxCertificateEntry", () => {
  it("sends a pfx, or a PEM certificate and its key, to the base URL's host only", () => {
    const baseUrl = "https://127.0.0.1:8443";
    const common = {
      name: "kintone client certificate (127.0.0.1:8443)",
      matches: [`${baseUrl}/*`],
    };
    expect(pfxCertificateEntry({ baseUrl, pfxPath: "/c.pfx", passphrase: "p" })).toEqual({
      ...common,
      pfx: { src: "/c.pfx" },
      passphrase: "p",
    });
    expect(pfxCertificateEntry({ baseUrl, certPath: "/c.pem", keyPath: "/k.pem" })).toEqual({
      ...common,
      cert: { src: "/c.pem" },
      key: { src: "/k.pem" },
    });
  });
});
