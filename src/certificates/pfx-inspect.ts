import { X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import { nativePfx, opensNatively, readPfx, reencodedPfx, type UsablePfx } from "./pfx.js";

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
 * Opens the pfx and reads its certificate, and returns it ready for TLS as `openPfx` does: the
 * file is read and opened once, and a legacy one decoded once. Throws the same UsageErrors as
 * `openPfx` (missing file, wrong passphrase, damaged file). node-forge reads the encryption
 * schemes from the file's structure, and decrypts only what Node cannot: forge would get
 * non-ASCII passphrases of AES files wrong.
 */
export async function inspectPfx(
  path: string,
  passphrase: string | undefined,
): Promise<{ details: PfxDetails; pfx: UsablePfx }> {
  const data = await readPfx(path);
  const native = opensNatively(path, data, passphrase);
  const { decodePfx, encryptionOf } = await import("./pfx-decode.js");
  // A legacy file is decoded once, for its certificate and for the PEM a request can use.
  const decoded = native ? undefined : decodePfx(path, data, passphrase);
  const certificate =
    decoded === undefined
      ? (certificateByNode(data, passphrase) ?? decodePfx(path, data, passphrase).certificates[0]!)
      : decoded.certificates[0]!;
  const details = {
    path,
    encryption: encryptionOf(data),
    opensNatively: native,
    ...certificateDetails(certificate),
  };
  const pfx =
    decoded === undefined ? nativePfx(path, data, passphrase) : await reencodedPfx(path, decoded);
  return { details, pfx };
}

/** Who a certificate names, who issued it and when it is valid, as doctor prints them. */
export function certificateDetails(certificate: X509Certificate): {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
} {
  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
  };
}

/**
 * The certificate a secure context loaded from the pfx. Node exposes it on the context handle
 * (`getCertificate`, DER) without documenting it, hence the guard.
 */
function certificateByNode(
  data: Buffer,
  passphrase: string | undefined,
): X509Certificate | undefined {
  const handle = (createSecureContext({ pfx: data, passphrase }) as { context?: unknown })
    .context as { getCertificate?: () => Buffer | null } | undefined;
  const der = typeof handle?.getCertificate === "function" ? handle.getCertificate() : null;
  return der ? new X509Certificate(der) : undefined;
}

// X509Certificate names hold one attribute per line ("CN=alice\nO=Example").
function oneLine(name: string): string {
  return name.split("\n").join(", ");
}
