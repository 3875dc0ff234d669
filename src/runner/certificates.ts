import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { readExtraCaCertificates } from "../certificates/extra-ca.js";
import {
  pfxCertificateEntry,
  readCertificateList,
  type CertificateListEntry,
} from "../certificates/cert-list.js";
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

  const listed = tls.sslClientCertList
    ? await listedEntries(tls.sslClientCertList, tls.pfxFilePassword, temp)
    : undefined;
  if (tls.pfxFilePath === undefined) {
    options.sslClientCertList = listed;
    return options;
  }
  if (baseUrl === undefined) {
    throw new UsageError(
      "no base URL to match the client certificate to: pass --base-url or set baseUrl in the environment",
    );
  }
  const entry = await pfxEntry(tls.pfxFilePath, tls.pfxFilePassword, baseUrl, temp);
  options.sslClientCertList = [entry, ...(listed ?? [])];
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

/**
 * The entries of `--ssl-client-cert-list`, made usable as `--ssl-client-pfx` is: a pfx entry
 * without a passphrase takes `--ssl-client-passphrase` (KINTONE_PFX_FILE_PASSWORD), as the list
 * `generate` writes leaves it out; each pfx is opened first, and a legacy one, which Node cannot
 * open, is handed over re-encoded.
 */
async function listedEntries(
  path: string,
  passphrase: string | undefined,
  temp: TempFiles,
): Promise<CertificateListEntry[]> {
  const entries = await readCertificateList(path);
  return Promise.all(
    entries.map(async (entry, index) => {
      // A missing file is Newman's to report, as it would without us.
      if (typeof entry?.pfx?.src !== "string" || !(await exists(entry.pfx.src))) return entry;
      const filled = entry.passphrase ?? passphrase;
      const pfx = await openPfx(entry.pfx.src, filled);
      if (pfx.kind === "pfx") {
        return filled === undefined ? entry : { ...entry, passphrase: filled };
      }
      return {
        name: entry.name,
        matches: entry.matches,
        cert: { src: temp.write(`list-${index}-cert.pem`, pfx.cert) },
        key: { src: temp.write(`list-${index}-key.pem`, pfx.key) },
        passphrase: pfx.passphrase,
      };
    }),
  );
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

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
