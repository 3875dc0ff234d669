import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { UsageError } from "../errors.js";
import { damaged, wrongPassphrase } from "./pfx-errors.js";

/**
 * node-forge opens every PKCS#12 encoding, including those OpenSSL 3 refuses (RC2-40). Only
 * `pfx.ts` and `doctor` load this module, and only when they need to: forge takes ~30 ms to load.
 */

/** The pfx contents as Node objects, so everything after decoding runs on native crypto. */
export interface DecodedPfx {
  key: KeyObject;
  /** The certificate of the key first, then the rest of the chain. */
  certificates: X509Certificate[];
  /** How the contents are encrypted, weakest first, e.g. `["RC2-40", "3DES"]`. */
  encryption: string[];
}

export function decodePfx(path: string, data: Buffer, passphrase: string | undefined): DecodedPfx {
  let asn1: forge.asn1.Asn1;
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(data.toString("binary")));
  } catch {
    throw damaged(path);
  }
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase ?? "");
  } catch (error) {
    // forge says "PKCS#12 MAC could not be verified. Invalid password?" or "…wrong password?"
    if (/password/i.test((error as Error).message)) throw wrongPassphrase(path, passphrase);
    throw damaged(path);
  }

  const keys = bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag!)
    .concat(bagsOf(p12, forge.pki.oids.keyBag!))
    .map(keyOf);
  const certificates = bagsOf(p12, forge.pki.oids.certBag!).map(certificateOf);
  const key = keys[0];
  if (key === undefined) throw new UsageError(`client certificate "${path}" holds no private key`);
  const own = certificates.findIndex((certificate) => certificate.checkPrivateKey(key));
  if (own === -1) {
    throw new UsageError(`client certificate "${path}" holds no certificate for its private key`);
  }
  return {
    key,
    certificates: [certificates[own]!, ...certificates.filter((_, index) => index !== own)],
    encryption: encryptionIn(asn1),
  };
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}

// forge parses RSA keys and certificates only; for others it keeps the ASN.1, which Node reads.
function keyOf(bag: forge.pkcs12.Bag): KeyObject {
  const info = bag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))
    : bag.asn1;
  return createPrivateKey({ key: derOf(info), format: "der", type: "pkcs8" });
}

function certificateOf(bag: forge.pkcs12.Bag): X509Certificate {
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  return new X509Certificate(derOf(asn1));
}

function derOf(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}

/** Password-based encryption schemes of PKCS#12 (RFC 7292) and PBES2 ciphers, by OID. */
const ENCRYPTION_NAMES: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.12.1.1": "RC4-128",
  "1.2.840.113549.1.12.1.2": "RC4-40",
  "1.2.840.113549.1.12.1.3": "3DES",
  "1.2.840.113549.1.12.1.4": "2-key 3DES",
  "1.2.840.113549.1.12.1.5": "RC2-128",
  "1.2.840.113549.1.12.1.6": "RC2-40",
  "1.3.14.3.2.7": "DES",
  "1.2.840.113549.3.7": "3DES",
  "2.16.840.1.101.3.4.1.2": "AES-128",
  "2.16.840.1.101.3.4.1.22": "AES-192",
  "2.16.840.1.101.3.4.1.42": "AES-256",
};
const PBES2 = "1.2.840.113549.1.5.13";
const WEAKEST_FIRST = ["RC4-40", "RC2-40", "DES", "RC4-128", "RC2-128", "2-key 3DES", "3DES"];

/** The encryption schemes of a pfx, read from its structure: no passphrase needed. */
export function encryptionOf(data: Buffer): string[] {
  const asn1 = decodeQuietly(data.toString("binary"));
  return asn1 === undefined ? [] : encryptionIn(asn1);
}

/**
 * The encryption schemes named anywhere in the pfx. PKCS#12 nests DER inside OCTET STRINGs, so
 * the walk tries to decode each one; encrypted bytes fail to decode and are skipped.
 */
function encryptionIn(pfx: forge.asn1.Asn1): string[] {
  const found = new Set<string>();
  const visit = (node: forge.asn1.Asn1) => {
    if (Array.isArray(node.value)) {
      const [first, second] = node.value;
      if (first?.type === forge.asn1.Type.OID && typeof first.value === "string") {
        const oid = forge.asn1.derToOid(first.value);
        const scheme = oid === PBES2 ? pbes2Cipher(second) : oid;
        const name = scheme !== undefined ? ENCRYPTION_NAMES[scheme] : undefined;
        if (name !== undefined) found.add(name);
      }
      node.value.forEach(visit);
    } else if (
      node.type === forge.asn1.Type.OCTETSTRING &&
      node.tagClass === forge.asn1.Class.UNIVERSAL
    ) {
      const inner = decodeQuietly(node.value);
      if (inner !== undefined) visit(inner);
    }
  };
  visit(pfx);
  const rank = (name: string) => {
    const index = WEAKEST_FIRST.indexOf(name);
    return index === -1 ? WEAKEST_FIRST.length : index;
  };
  return [...found].sort((a, b) => rank(a) - rank(b));
}

// PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
function pbes2Cipher(params: forge.asn1.Asn1 | undefined): string | undefined {
  const scheme = Array.isArray(params?.value) ? params.value[1] : undefined;
  const oid = Array.isArray(scheme?.value) ? scheme.value[0] : undefined;
  return typeof oid?.value === "string" ? forge.asn1.derToOid(oid.value) : undefined;
}

// forge's types predate its options object; `parseAllBytes` rejects bytes that merely start like DER.
const fromDerStrictly = forge.asn1.fromDer as unknown as (
  bytes: string,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => forge.asn1.Asn1;

function decodeQuietly(bytes: string): forge.asn1.Asn1 | undefined {
  try {
    return fromDerStrictly(bytes, { strict: true, parseAllBytes: true, decodeBitStrings: false });
  } catch {
    return undefined;
  }
}
