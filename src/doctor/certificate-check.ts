import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { entryFor, readCertificateList } from "../certificates/cert-list.js";
import { certificateDetails, inspectPfx, type PfxDetails } from "../certificates/pfx-inspect.js";
import type { UsablePfx } from "../certificates/pfx.js";
import { UsageError } from "../errors.js";
import { KintoneEnvVar } from "../kintone/env-vars.js";
import { isSecureAccessHost, SECURE_ACCESS_ADVICE } from "../kintone/network-errors.js";
import { check, type Check } from "./check.js";
import { EXPIRY_WARNING_DAYS, type ClientCertificateOptions } from "./options.js";

const NAME = "client certificate";
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CertificateCheck {
  check: Check;
  /** The certificate the test request sends, when one was chosen for the host and it opened. */
  pfx?: UsablePfx;
  /** A certificate was chosen for the host (it may have failed to open). */
  chosen: boolean;
}

/**
 * Picks the certificate `run` would send to the base URL, in Newman's order: the pfx
 * (`--ssl-client-pfx`), else the first matching entry of `--ssl-client-cert-list`, else
 * `--ssl-client-cert` with `--ssl-client-key`. Opens it the way `run` will and says what it is:
 * encoding, subject, issuer, validity.
 */
export async function certificateCheck(
  options: ClientCertificateOptions,
  baseUrl: URL | undefined,
  now: Date,
): Promise<CertificateCheck> {
  const passphrase = options.pfxFilePassword;
  if (options.pfxFilePath !== undefined) return pfxCheck(options.pfxFilePath, passphrase, now);
  const notes: string[] = [];
  const list = options.sslClientCertList;
  if (list !== undefined) {
    try {
      const entry = baseUrl && entryFor(await readCertificateList(list), baseUrl);
      const from = `from ${list}`;
      if (typeof entry?.pfx?.src === "string") {
        return pfxCheck(entry.pfx.src, entry.passphrase ?? passphrase, now, from);
      }
      if (typeof entry?.cert?.src === "string" && typeof entry.key?.src === "string") {
        return pemCheck(entry.cert.src, entry.key.src, entry.passphrase ?? passphrase, now, from);
      }
    } catch (error) {
      if (error instanceof UsageError) return failed(error.message);
      throw error;
    }
    notes.push(
      baseUrl === undefined
        ? `${list}: no base URL to match its entries to`
        : `no entry of ${list} matches ${baseUrl.origin}: Newman sends no certificate there`,
    );
  }
  if (options.sslClientCert !== undefined || options.sslClientKey !== undefined) {
    return pemCheck(options.sslClientCert, options.sslClientKey, passphrase, now);
  }
  const hostname = baseUrl?.hostname;
  if (hostname !== undefined && isSecureAccessHost(hostname)) {
    const advice = `${hostname} is a Secure Access domain: ${SECURE_ACCESS_ADVICE}`;
    return { check: check(NAME, "fail", advice, ...notes), chosen: false };
  }
  return notes.length > 0
    ? { check: check(NAME, "warn", ...notes), chosen: false }
    : {
        check: check(NAME, "skip", "none given (only Secure Access domains need one)"),
        chosen: false,
      };
}

function failed(message: string): CertificateCheck {
  return { check: check(NAME, "fail", message), chosen: true };
}

async function pfxCheck(
  path: string,
  passphrase: string | undefined,
  now: Date,
  from?: string,
): Promise<CertificateCheck> {
  let details: PfxDetails;
  let pfx: UsablePfx;
  try {
    ({ details, pfx } = await inspectPfx(path, passphrase));
  } catch (error) {
    if (error instanceof UsageError) return failed(error.message);
    throw error;
  }
  const encoding = details.opensNatively
    ? `${details.encryption.join(", ") || "unencrypted"} (Node opens it as is)`
    : `${details.encryption.join(", ")}: a legacy encoding Node refuses; run re-encodes it in memory`;
  return described(path, from, `encryption: ${encoding}`, details, now, pfx);
}

/** A PEM certificate and its key (`--ssl-client-cert`, `--ssl-client-key`, or a list entry). */
async function pemCheck(
  certPath: string | undefined,
  keyPath: string | undefined,
  passphrase: string | undefined,
  now: Date,
  from?: string,
): Promise<CertificateCheck> {
  if (certPath === undefined) return failed("--ssl-client-key needs --ssl-client-cert");
  if (keyPath === undefined) return failed("--ssl-client-cert needs --ssl-client-key");
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).path ?? certPath;
    return failed(`client certificate file "${missing}" not found or unreadable`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    return failed(`client certificate "${certPath}" is not a PEM certificate`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key, format: "pem", passphrase });
  } catch (error) {
    return failed(keyProblem(keyPath, passphrase, error));
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    return failed(`private key "${keyPath}" does not belong to client certificate "${certPath}"`);
  }
  const details = certificateDetails(certificate);
  const pem: UsablePfx = { kind: "pem", path: certPath, cert, key, passphrase: passphrase ?? "" };
  return described(`${certPath} with key ${keyPath}`, from, "format: PEM", details, now, pem);
}

// Node 20 says "interrupted or cancelled" for an encrypted key without a passphrase.
const NEEDS_PASSPHRASE = new Set([
  "ERR_MISSING_PASSPHRASE",
  "ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED",
  "ERR_OSSL_BAD_DECRYPT",
]);

function keyProblem(path: string, passphrase: string | undefined, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if ((passphrase ?? "") === "" && NEEDS_PASSPHRASE.has(code)) {
    return `private key "${path}" needs its passphrase (--ssl-client-passphrase or ${KintoneEnvVar.pfxFilePassword})`;
  }
  if (code === "ERR_OSSL_BAD_DECRYPT") return `wrong passphrase for private key "${path}"`;
  return `private key "${path}" is not a PEM private key or is damaged`;
}

function described(
  title: string,
  from: string | undefined,
  encoding: string,
  details: Pick<PfxDetails, "subject" | "issuer" | "validFrom" | "validTo">,
  now: Date,
  pfx: UsablePfx,
): CertificateCheck {
  const [status, validity] = validityOf(details, now);
  const lines = [title, ...(from ? [from] : [])];
  lines.push(encoding, `subject: ${details.subject}`, `issuer: ${details.issuer}`, validity);
  return { check: check(NAME, status, ...lines), pfx, chosen: true };
}

function validityOf(
  details: Pick<PfxDetails, "validFrom" | "validTo">,
  now: Date,
): [Check["status"], string] {
  const range = `valid from ${day(details.validFrom)} to ${day(details.validTo)}`;
  if (details.validFrom > now) return ["fail", `${range}: not valid yet`];
  if (details.validTo < now) return ["fail", `${range}: EXPIRED`];
  const daysLeft = Math.floor((details.validTo.getTime() - now.getTime()) / DAY_MS);
  const left = `${range} (${daysLeft} ${daysLeft === 1 ? "day" : "days"} left)`;
  return daysLeft < EXPIRY_WARNING_DAYS ? ["warn", `${left}: renew it soon`] : ["ok", left];
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
