import { UsageError } from "../../errors.js";
import {
  loadOrCreateCa,
  loadOrCreateClientPfx,
  loadOrCreatePfxPassphrase,
  loadOrCreateServerCertificate,
  type CertificateAuthority,
  type ServerCredentials,
} from "./certificates.js";

export interface StubCertificates {
  ca: CertificateAuthority;
  server: ServerCredentials;
  pfxPath: string;
  pfxPassphrase: string;
}

/** Why a folder cannot hold the certificates, for the errors a user can fix. */
const FOLDER_PROBLEMS: Record<string, string> = {
  EEXIST: "it is a file, not a folder",
  ENOTDIR: "a file is in its path",
  EISDIR: "a folder has the name of one of its files",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
};

/** The CA, server certificate and client pfx in `dir`, each reused when still good. */
export async function prepareCertificates(
  dir: string,
  host: string,
  options: { legacyPfx?: boolean; pfxPassphrase?: string },
): Promise<StubCertificates> {
  try {
    const ca = await loadOrCreateCa(dir);
    const pfxPassphrase = await loadOrCreatePfxPassphrase(dir, options.pfxPassphrase);
    const [server, pfxPath] = await Promise.all([
      loadOrCreateServerCertificate(dir, ca, host),
      loadOrCreateClientPfx(dir, ca, {
        encoding: options.legacyPfx ? "legacy" : "aes",
        passphrase: pfxPassphrase,
      }),
    ]);
    return { ca, server, pfxPath, pfxPassphrase };
  } catch (error) {
    const problem = FOLDER_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ""];
    if (problem) throw new UsageError(`cannot keep the certificates in ${dir}: ${problem}`);
    throw error;
  }
}
