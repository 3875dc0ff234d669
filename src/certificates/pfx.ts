import { readFile } from "node:fs/promises";
import { createSecureContext } from "node:tls";
import { UsageError } from "../errors.js";
import type { DecodedPfx } from "./pfx-decode.js";
import { damaged, wrongPassphrase } from "./pfx-errors.js";

/**
 * A client certificate ready for TLS. Node opens most pfx files as they are; a legacy one
 * (RC2-40 and other encodings OpenSSL 3 refuses) arrives as PEM re-encoded in memory, its key
 * under AES-256 and a passphrase made for this process only.
 */
export type UsablePfx =
  | { kind: "pfx"; path: string; data: Buffer; passphrase?: string }
  | {
      kind: "pem";
      path: string;
      cert: string;
      key: string;
      passphrase: string;
      /** For a legacy pfx re-encoded here: its own encryption, e.g. `["RC2-40", "3DES"]`. */
      encryption?: string[];
    };

/**
 * Opens a pfx and proves it works before anything uses it: Node first, node-forge only when Node
 * refuses the encoding (forge is slow to load, so a modern pfx never pays for it). Every failure
 * is a UsageError naming the file.
 */
export async function openPfx(path: string, passphrase: string | undefined): Promise<UsablePfx> {
  const data = await readPfx(path);
  if (opensNatively(path, data, passphrase)) return nativePfx(path, data, passphrase);
  const { decodePfx } = await import("./pfx-decode.js");
  return reencodedPfx(path, decodePfx(path, data, passphrase));
}

/** A pfx Node opened as it is (`opensNatively`), to hand to TLS unchanged. */
export function nativePfx(path: string, data: Buffer, passphrase: string | undefined): UsablePfx {
  return passphrase === undefined
    ? { kind: "pfx", path, data }
    : { kind: "pfx", path, data, passphrase };
}

/** A legacy pfx node-forge has decoded, re-encoded as PEM that Node's TLS takes. */
export async function reencodedPfx(path: string, decoded: DecodedPfx): Promise<UsablePfx> {
  const { toEncryptedPem } = await import("./pfx-pem.js");
  return { kind: "pem", path, ...toEncryptedPem(decoded), encryption: decoded.encryption };
}

/**
 * Opens a pfx only to prove it opens, for the certificate list `generate` writes: no
 * re-encoding. Returns the legacy encryption schemes Node refuses (`["RC2-40"]`), or
 * nothing when Node opens the file as it is; node-forge loads only in the legacy case.
 */
export async function checkPfx(
  path: string,
  passphrase: string | undefined,
): Promise<{ legacyEncryption?: string[] }> {
  const data = await readPfx(path);
  if (opensNatively(path, data, passphrase)) return {};
  const { decodePfx } = await import("./pfx-decode.js");
  return { legacyEncryption: decodePfx(path, data, passphrase).encryption };
}

export async function readPfx(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`client certificate "${path}" not found`);
    if (code === "EISDIR") throw new UsageError(`client certificate "${path}" is a directory`);
    throw new UsageError(`cannot read client certificate "${path}" (${code ?? "unknown error"})`);
  }
}

/**
 * True when Node's TLS accepts the pfx as is; false when only its encoding is unsupported (the
 * caller then tries node-forge). OpenSSL checks the MAC before the encoding, so a wrong
 * passphrase is caught here even for a legacy file.
 */
export function opensNatively(path: string, data: Buffer, passphrase: string | undefined): boolean {
  try {
    createSecureContext({ pfx: data, passphrase });
    return true;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ERR_CRYPTO_UNSUPPORTED_OPERATION") return false;
    if (/mac verify failure/i.test(message)) throw wrongPassphrase(path, passphrase);
    throw damaged(path);
  }
}
