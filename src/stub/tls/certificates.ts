import { randomBytes, sign } from "node:crypto";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import forge from "node-forge";
import { encodePfx, pfxEncodingOf, readPfxCertificates, type PfxEncoding } from "./pkcs12.js";

const { pki } = forge;

/** File names inside the certificate directory; the CLI prints these paths. */
export const CertificateFile = {
  caCert: "ca.crt",
  caKey: "ca.key",
  serverCert: "server.crt",
  serverKey: "server.key",
  clientPfx: "client.pfx",
  /** The generated passphrase of client.pfx, kept so the next start can open and reuse it. */
  clientPfxPassphrase: "client.pfx.passphrase",
} as const;

export interface CertificateAuthority {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  certPem: string;
}

export interface ServerCredentials {
  certPem: string;
  keyPem: string;
}

const KEY_BITS = 2048;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The CA in `dir`, created (with its 0600 key) when either file is missing or unreadable. */
export async function loadOrCreateCa(dir: string): Promise<CertificateAuthority> {
  await mkdir(dir, { recursive: true });
  const existing = await readPair(
    join(dir, CertificateFile.caCert),
    join(dir, CertificateFile.caKey),
  );
  if (existing && isCurrent(existing.cert))
    return { ...existing, certPem: pki.certificateToPem(existing.cert) };
  const keys = await generateKeyPair();
  const cert = issue({
    keys,
    subject: "kintone stub CA",
    validDays: 3650,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      { name: "subjectKeyIdentifier" },
    ],
  });
  const certPem = pki.certificateToPem(cert);
  await writeSecret(join(dir, CertificateFile.caKey), pki.privateKeyToPem(keys.privateKey));
  await writeFile(join(dir, CertificateFile.caCert), certPem);
  return { cert, key: keys.privateKey, certPem };
}

/**
 * The TLS server certificate, reused while it is signed by `ca`, still valid and names every
 * host the server answers on (always `localhost` and 127.0.0.1).
 */
export async function loadOrCreateServerCertificate(
  dir: string,
  ca: CertificateAuthority,
  host: string,
): Promise<ServerCredentials> {
  const hosts = [...new Set(["localhost", "127.0.0.1", host])];
  const certPath = join(dir, CertificateFile.serverCert);
  const keyPath = join(dir, CertificateFile.serverKey);
  const existing = await readPair(certPath, keyPath);
  if (
    existing &&
    isCurrent(existing.cert) &&
    issuedBy(existing.cert, ca) &&
    names(existing.cert, hosts)
  ) {
    return {
      certPem: pki.certificateToPem(existing.cert),
      keyPem: pki.privateKeyToPem(existing.key),
    };
  }
  const keys = await generateKeyPair();
  const cert = issue({
    keys,
    subject: "localhost",
    issuer: ca,
    validDays: 825,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: hosts.map(altName) },
    ],
  });
  const credentials = {
    certPem: pki.certificateToPem(cert),
    keyPem: pki.privateKeyToPem(keys.privateKey),
  };
  await writeSecret(keyPath, credentials.keyPem);
  await writeFile(certPath, credentials.certPem);
  return credentials;
}

/**
 * The passphrase for `client.pfx`: the one given, else the one saved in `dir` by an earlier start,
 * else a new random one, saved (0600) beside the pfx. It guards a local test certificate only;
 * saving it is what lets a restart reuse the pfx a client was already set up with.
 */
export async function loadOrCreatePfxPassphrase(dir: string, given?: string): Promise<string> {
  const path = join(dir, CertificateFile.clientPfxPassphrase);
  // Trimmed: a passphrase copied into the file by hand often ends with a newline.
  const saved = (await readFile(path, "utf8").catch(() => undefined))?.trim();
  if (given !== undefined) {
    // The pfx is opened or rewritten with `given` now: a different saved passphrase would mislead.
    if (saved !== undefined && saved !== given) await rm(path, { force: true });
    return given;
  }
  if (saved) return saved;
  // Hex: users paste it after --ssl-client-passphrase, where a leading "-" (base64url has it)
  // would read as flags.
  const generated = randomBytes(12).toString("hex");
  await writeSecret(path, generated);
  return generated;
}

/**
 * `client.pfx` for Secure Access: reused when the passphrase opens it, it has the encoding asked
 * for and its certificate is a current one from `ca`; otherwise written anew.
 */
export async function loadOrCreateClientPfx(
  dir: string,
  ca: CertificateAuthority,
  options: { encoding: PfxEncoding; passphrase: string },
): Promise<string> {
  const path = join(dir, CertificateFile.clientPfx);
  const existing = await readFile(path).catch(() => undefined);
  if (existing && pfxEncodingOf(existing) === options.encoding) {
    const leaf = readPfxCertificates(existing, options.passphrase)?.[0];
    if (leaf && isCurrent(leaf) && issuedBy(leaf, ca)) return path;
  }
  return writePfx(dir, ca, { ...options, fileName: CertificateFile.clientPfx });
}

/**
 * Signs a new client certificate with the CA in `dir` (creating the CA when needed) and writes it
 * as a pfx holding the key, the certificate and the CA certificate. Carrying the CA lets Node
 * clients that only take a pfx (the official kintone client among them) trust the stub's server
 * certificate without turning verification off.
 */
export async function writeClientPfx(
  dir: string,
  options: { encoding: PfxEncoding; passphrase: string; fileName?: string; validDays?: number },
): Promise<string> {
  return writePfx(dir, await loadOrCreateCa(dir), options);
}

async function writePfx(
  dir: string,
  ca: CertificateAuthority,
  options: { encoding: PfxEncoding; passphrase: string; fileName?: string; validDays?: number },
): Promise<string> {
  const keys = await generateKeyPair();
  const cert = issue({
    keys,
    subject: "kintone stub client",
    issuer: ca,
    validDays: options.validDays ?? 365,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", clientAuth: true },
    ],
  });
  const pfx = encodePfx(
    { key: keys.privateKey, chain: [cert, ca.cert], passphrase: options.passphrase },
    options.encoding,
  );
  const path = join(dir, options.fileName ?? CertificateFile.clientPfx);
  await writeSecret(path, pfx);
  return path;
}

/** forge hands 2048-bit generation to Node's native RSA when it can, which keeps this fast. */
function generateKeyPair(): Promise<forge.pki.rsa.KeyPair> {
  return new Promise((resolve, reject) => {
    pki.rsa.generateKeyPair({ bits: KEY_BITS, workers: -1 }, (error, keys) =>
      error ? reject(error) : resolve(keys),
    );
  });
}

function issue(options: {
  keys: forge.pki.rsa.KeyPair;
  subject: string;
  issuer?: CertificateAuthority;
  validDays: number;
  extensions: object[];
}): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.publicKey = options.keys.publicKey;
  // A positive serial: a leading 0x01 byte keeps the DER integer from reading as negative.
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  // Backdated a little so a client whose clock lags still accepts it.
  cert.validity.notBefore = new Date(Date.now() - 5 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + options.validDays * DAY_MS);
  const subject = [
    { name: "commonName", value: options.subject },
    { name: "organizationName", value: "kintone-postman" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : subject);
  cert.setExtensions(options.extensions);
  signWithSha256(cert, options.issuer?.key ?? options.keys.privateKey);
  return cert;
}

/**
 * What forge's `cert.sign(key, sha256)` does, with the RSA signature made by Node's native
 * crypto: forge's pure-JS modular arithmetic was most of the CPU time of a first start.
 */
function signWithSha256(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): void {
  const oid = pki.oids["sha256WithRSAEncryption"]!;
  // The forge typings omit these fields; getTBSCertificate reads them.
  const unsigned = cert as forge.pki.Certificate & {
    siginfo: { algorithmOid: string };
    signatureOid: string;
    tbsCertificate: forge.asn1.Asn1;
    md: forge.md.MessageDigest;
  };
  unsigned.md = forge.md.sha256.create();
  unsigned.signatureOid = unsigned.siginfo.algorithmOid = oid;
  const { getTBSCertificate } = pki as unknown as {
    getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
  };
  unsigned.tbsCertificate = getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(unsigned.tbsCertificate).getBytes(), "binary");
  cert.signature = sign("sha256", tbs, pki.privateKeyToPem(key)).toString("binary");
}

async function readPair(
  certPath: string,
  keyPath: string,
): Promise<{ cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([
      readFile(certPath, "utf8"),
      readFile(keyPath, "utf8"),
    ]);
    return {
      cert: pki.certificateFromPem(certPem),
      key: pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    };
  } catch {
    return undefined;
  }
}

function isCurrent(cert: forge.pki.Certificate): boolean {
  // A day of margin so a certificate never expires in the middle of a run.
  return cert.validity.notAfter.getTime() > Date.now() + DAY_MS;
}

function issuedBy(cert: forge.pki.Certificate, ca: CertificateAuthority): boolean {
  try {
    return ca.cert.verify(cert);
  } catch {
    return false;
  }
}

function names(cert: forge.pki.Certificate, hosts: string[]): boolean {
  const extension = cert.getExtension("subjectAltName") as
    { altNames?: { value?: string; ip?: string }[] } | undefined;
  const present = new Set((extension?.altNames ?? []).map((n) => n.ip ?? n.value));
  return hosts.every((host) => present.has(host));
}

function altName(host: string): { type: number; value?: string; ip?: string } {
  // GeneralName tags: 2 = dNSName, 7 = iPAddress.
  return isIP(host) ? { type: 7, ip: host } : { type: 2, value: host };
}

async function writeSecret(path: string, data: string | Buffer): Promise<void> {
  await writeFile(path, data, { mode: 0o600 });
  // `mode` applies only when the file is created; an existing file keeps its permissions.
  await chmod(path, 0o600);
}
