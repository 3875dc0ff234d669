import type { X509Certificate } from "node:crypto";
import { opensNatively, readPfx } from "./pfx.js";

/** What a person needs to know about a client certificate before relying on it. */
export interface PfxDetails {
  path: string;
  /** Encryption schemes inside the file, weakest first, e.g. `["RC2-40", "3DES"]`. */
  encryption: string[];
  /** False for legacy encodings OpenSSL 3 refuses: `run` re-encodes those in memory. */
  opensNatively: boolean;
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
}

/**
 * Opens the pfx and reads its certificate. Throws the same UsageErrors as `openPfx` (missing
 * file, wrong passphrase, damaged file). Always decodes with node-forge: Node has no public API
 * that reads a certificate out of a pfx.
 */
export async function inspectPfx(
  path: string,
  passphrase: string | undefined,
): Promise<PfxDetails> {
  const data = await readPfx(path);
  const native = opensNatively(path, data, passphrase);
  const { decodePfx } = await import("./pfx-decode.js");
  const decoded = decodePfx(path, data, passphrase);
  const certificate = decoded.certificates[0]!;
  return {
    path,
    encryption: decoded.encryption,
    opensNatively: native,
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
  };
}

// X509Certificate names hold one attribute per line ("CN=alice\nO=Example").
function oneLine(name: X509Certificate["subject"]): string {
  return name.split("\n").join(", ");
}
