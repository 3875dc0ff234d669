import forge from "node-forge";

const { asn1, pki } = forge;

/**
 * How a client certificate's PKCS#12 file is protected:
 * - `aes`: PBES2/AES-256 for the key, what current OpenSSL and Node read;
 * - `3des`: pbeWithSHAAnd3-KeyTripleDES-CBC for the key, the widest compatible choice;
 * - `legacy`: the certificates encrypted with RC2-40, as `openssl pkcs12 -export -legacy` and
 *   older tools write it. OpenSSL 3 without its legacy provider (Node included) refuses it with
 *   "Unsupported PKCS12 PFX data", which is what users of old Secure Access files run into.
 */
export type PfxEncoding = "aes" | "3des" | "legacy";

/** Iteration count OpenSSL uses by default for both the PBE and the MAC. */
const ITERATIONS = 2048;
const RC2_40_OID = "1.2.840.113549.1.12.1.6";

export interface PfxContents {
  key: forge.pki.rsa.PrivateKey;
  /** The certificate that belongs to the key first, then the issuers. */
  chain: forge.pki.Certificate[];
  passphrase: string;
}

export function encodePfx(contents: PfxContents, encoding: PfxEncoding): Buffer {
  const safe = encoding === "legacy" ? legacySafe(contents) : forgeSafe(contents, encoding);
  return Buffer.from(asn1.toDer(pfxWithMac(safe, contents.passphrase)).getBytes(), "binary");
}

/** Which encoding a pfx uses, read from its structure (no passphrase needed). */
export function pfxEncodingOf(pfx: Buffer): PfxEncoding | undefined {
  const bytes = pfx.toString("binary");
  if (bytes.includes(asn1.oidToDer(RC2_40_OID).getBytes())) return "legacy";
  if (bytes.includes(asn1.oidToDer(pki.oids["pbeWithSHAAnd3-KeyTripleDES-CBC"]!).getBytes())) {
    return "3des";
  }
  if (bytes.includes(asn1.oidToDer(pki.oids.pkcs5PBES2!).getBytes())) return "aes";
  return undefined;
}

/**
 * The AuthenticatedSafe (DER) built by forge. forge derives the PBES2 key from the passphrase's
 * raw string, where OpenSSL uses its UTF-8 bytes; handing forge the UTF-8 form keeps non-ASCII
 * passphrases working. The MAC is added by `pfxWithMac`, from the passphrase itself.
 */
function forgeSafe({ key, chain, passphrase }: PfxContents, encoding: "aes" | "3des"): string {
  const pfx = forge.pkcs12.toPkcs12Asn1(
    key,
    chain,
    encoding === "aes" ? forge.util.encodeUtf8(passphrase) : passphrase,
    { algorithm: encoding === "aes" ? "aes256" : "3des", count: ITERATIONS, useMac: false },
  );
  // PFX ::= SEQUENCE { version, authSafe ContentInfo { data, [0] { OCTET STRING } }, macData? }
  const content = childAt(childAt(childAt(pfx, 1), 1), 0).value;
  if (typeof content !== "string") throw new Error("unexpected PKCS#12 structure from node-forge");
  return content;
}

/** RC2-40 encrypted certificates beside a 3DES shrouded key: `openssl pkcs12 -export -legacy`. */
function legacySafe({ key, chain, passphrase }: PfxContents): string {
  const localKeyId = certificateDigest(chain[0]!);
  const certBags = chain.map((cert, index) =>
    seq(
      oid(pki.oids.certBag!),
      explicit0(seq(oid(pki.oids.x509Certificate!), explicit0(octets(certificateDer(cert))))),
      ...(index === 0 ? [keyIdAttributes(localKeyId)] : []),
    ),
  );
  const salt = forge.random.getBytesSync(8);
  const derive = (id: 1 | 2, length: number) =>
    forge.pkcs12.generateKey(passphrase, forge.util.createBuffer(salt), id, ITERATIONS, length);
  const cipher = forge.rc2.createEncryptionCipher(derive(1, 5), 40);
  cipher.start(derive(2, 8));
  cipher.update(forge.util.createBuffer(asn1.toDer(seq(...certBags)).getBytes()));
  cipher.finish();
  const encryptedCertificates = seq(
    oid(pki.oids.encryptedData!),
    explicit0(
      seq(
        integer(0),
        seq(
          oid(pki.oids.data!),
          seq(oid(RC2_40_OID), seq(octets(salt), integer(ITERATIONS))),
          asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, cipher.output.getBytes()),
        ),
      ),
    ),
  );
  const keyBag = seq(
    oid(pki.oids.pkcs8ShroudedKeyBag!),
    explicit0(
      pki.encryptPrivateKeyInfo(pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(key)), passphrase, {
        algorithm: "3des",
        count: ITERATIONS,
      }),
    ),
    keyIdAttributes(localKeyId),
  );
  const keyContents = seq(oid(pki.oids.data!), explicit0(octets(der(seq(keyBag)))));
  return der(seq(encryptedCertificates, keyContents));
}

/** PFX with an HMAC-SHA1 MAC keyed from the passphrase as a BMPString, as OpenSSL writes it. */
function pfxWithMac(safeDer: string, passphrase: string): forge.asn1.Asn1 {
  const salt = forge.random.getBytesSync(8);
  const macKey = forge.pkcs12.generateKey(
    passphrase,
    forge.util.createBuffer(salt),
    3,
    ITERATIONS,
    20,
  );
  const hmac = forge.hmac.create();
  hmac.start("sha1", macKey);
  hmac.update(safeDer);
  const macData = seq(
    seq(
      seq(oid(pki.oids.sha1!), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "")),
      octets(hmac.digest().getBytes()),
    ),
    octets(salt),
    integer(ITERATIONS),
  );
  return seq(integer(3), seq(oid(pki.oids.data!), explicit0(octets(safeDer))), macData);
}

function keyIdAttributes(localKeyId: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
    seq(
      oid(pki.oids.localKeyId!),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [octets(localKeyId)]),
    ),
  ]);
}

function certificateDer(cert: forge.pki.Certificate): string {
  return der(pki.certificateToAsn1(cert));
}

function certificateDigest(cert: forge.pki.Certificate): string {
  return forge.md.sha1.create().update(certificateDer(cert)).digest().getBytes();
}

function childAt(node: forge.asn1.Asn1, index: number): forge.asn1.Asn1 {
  const child = Array.isArray(node.value) ? node.value[index] : undefined;
  if (child === undefined) throw new Error("unexpected PKCS#12 structure from node-forge");
  return child;
}

function der(node: forge.asn1.Asn1): string {
  return asn1.toDer(node).getBytes();
}

function seq(...children: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, children);
}

function oid(value: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}

function octets(bytes: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
}

function integer(value: number): forge.asn1.Asn1 {
  return asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.INTEGER,
    false,
    asn1.integerToDer(value).getBytes(),
  );
}

function explicit0(child: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [child]);
}

/**
 * The certificates of a pfx, or undefined when the passphrase does not open it. forge reads every
 * encoding written here except an `aes` file with a non-ASCII passphrase (see `forgeSafe`); such a
 * file is reported as unreadable and simply gets rewritten.
 */
export function readPfxCertificates(
  pfx: Buffer,
  passphrase: string,
): forge.pki.Certificate[] | undefined {
  try {
    const p12 = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(pfx.toString("binary")), passphrase);
    const bags = p12.getBags({ bagType: pki.oids.certBag! })[pki.oids.certBag!] ?? [];
    return bags.flatMap((bag) => (bag.cert ? [bag.cert] : []));
  } catch {
    return undefined;
  }
}
