import { randomBytes } from "node:crypto";
import { createSecureContext } from "node:tls";
import type { DecodedPfx } from "./pfx-decode.js";

/**
 * Re-encodes decoded pfx contents as PEM that Node's TLS (and so Newman) accepts: the certificate
 * chain, and the key as PKCS#8 under AES-256-CBC. The passphrase is random and lives in memory
 * only, so a key written to a temporary file stays useless to anyone who reads that file.
 * Node's native cipher does the encryption, which keeps the re-encoding cheap.
 */
export function toEncryptedPem(decoded: DecodedPfx): {
  cert: string;
  key: string;
  passphrase: string;
} {
  const passphrase = randomBytes(24).toString("base64url");
  const key = decoded.key.export({
    type: "pkcs8",
    format: "pem",
    cipher: "aes-256-cbc",
    passphrase,
  }) as string;
  const cert = decoded.certificates.map((certificate) => certificate.toString()).join("");
  // Proves the pair is usable before a run relies on it (Node throws on a mismatched key).
  createSecureContext({ cert, key, passphrase });
  return { cert, key, passphrase };
}
