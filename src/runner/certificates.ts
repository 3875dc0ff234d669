import { access, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { readExtraCaCertificates } from "../certificates/extra-ca.js";
import { pfxCertificateEntry, type CertificateListEntry } from "../certificates/cert-list.js";
import { openPfx } from "../certificates/pfx.js";
import { UsageError } from "../errors.js";
import type { NewmanOptions } from "./newman.js";
import type { TlsOptions } from "./options.js";
import type { TempFiles } from "./temp-files.js";

type NewmanTlsOptions = Pick<
  NewmanOptions,
  | "sslClientCertList"
  | "sslClientCert"
  | "sslClientKey"
  | "sslClientPassphrase"
  | "sslExtraCaCerts"
  | "insecure"
>;

/**
 * Newman's TLS options for a run. Newman has no pfx flag and ignores certificates inside a
 * collection: a pfx reaches it only as a certificate-list entry matching the kintone host, so
 * the pfx becomes one, placed before the entries of `--ssl-client-cert-list` so the certificate
 * named on the command line wins. The pfx is opened first, so a bad one stops the run before it
 * starts; a legacy one is handed over re-encoded, through `temp`.
 */
export async function newmanTlsOptions(
  tls: TlsOptions,
  baseUrl: string | undefined,
  temp: TempFiles,
): Promise<NewmanTlsOptions> {
  await mustExist("--ssl-client-cert", tls.sslClientCert);
  await mustExist("--ssl-client-key", tls.sslClientKey);
  if (tls.sslExtraCaCerts !== undefined) await readExtraCaCertificates(tls.sslExtraCaCerts);
  const options: NewmanTlsOptions = {
    sslClientCert: tls.sslClientCert,
    sslClientKey: tls.sslClientKey,
    sslExtraCaCerts: tls.sslExtraCaCerts,
    insecure: tls.insecure,
  };
  // Without a pfx the passphrase belongs to --ssl-client-key, as in Newman.
  if (tls.sslClientKey !== undefined) options.sslClientPassphrase = tls.pfxFilePassword;

  if (tls.pfxFilePath === undefined) {
    options.sslClientCertList = tls.sslClientCertList;
    return options;
  }
  if (baseUrl === undefined) {
    throw new UsageError(
      "no base URL to match the client certificate to: pass --base-url or set baseUrl in the environment",
    );
  }
  const entry = await pfxEntry(tls.pfxFilePath, tls.pfxFilePassword, baseUrl, temp);
  const listed = tls.sslClientCertList ? await readCertificateList(tls.sslClientCertList) : [];
  options.sslClientCertList = [entry, ...listed];
  return options;
}

async function pfxEntry(
  path: string,
  passphrase: string | undefined,
  baseUrl: string,
  temp: TempFiles,
): Promise<CertificateListEntry> {
  const pfx = await openPfx(path, passphrase);
  if (pfx.kind === "pfx") {
    return pfxCertificateEntry({ baseUrl, pfxPath: resolve(path), passphrase });
  }
  return pfxCertificateEntry({
    baseUrl,
    certPath: temp.write("client-cert.pem", pfx.cert),
    keyPath: temp.write("client-key.pem", pfx.key),
    passphrase: pfx.passphrase,
  });
}

async function readCertificateList(path: string): Promise<CertificateListEntry[]> {
  let list: unknown;
  try {
    list = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new UsageError(`certificate list "${path}" is missing or not JSON`);
  }
  if (!Array.isArray(list)) throw new UsageError(`certificate list "${path}" is not a JSON array`);
  return list as CertificateListEntry[];
}

// Newman would only warn about a missing certificate file and send the request without it.
async function mustExist(flag: string, path: string | undefined): Promise<void> {
  if (path === undefined) return;
  try {
    await access(path);
  } catch {
    throw new UsageError(`${flag}: "${path}" not found`);
  }
}
