import { UsageError } from "../errors.js";
import { KintoneEnvVar } from "../kintone/env-vars.js";

/** The two ways a pfx fails to open, worded once for every reader (Node, node-forge, doctor). */
export function wrongPassphrase(path: string, passphrase: string | undefined): UsageError {
  return new UsageError(
    passphrase === undefined || passphrase === ""
      ? `client certificate "${path}" needs its passphrase (--ssl-client-passphrase or ${KintoneEnvVar.pfxFilePassword})`
      : `wrong passphrase for client certificate "${path}"`,
  );
}

export function damaged(path: string): UsageError {
  return new UsageError(
    `client certificate "${path}" is not a PKCS#12 (.pfx/.p12) file or is damaged`,
  );
}

/**
 * `generate` wrote a certificate list for a legacy pfx: Newman hands the file to Node, which
 * refuses that encoding on Node 17+ ("Unsupported PKCS12 PFX data"); `run` re-encodes it.
 */
export function legacyPfxWarning(path: string, encryption: readonly string[]): string {
  const scheme = encryption[0] ?? "legacy";
  return (
    `warning: client certificate "${path}" uses a legacy encryption (${scheme}) that plain Newman ` +
    "cannot open on Node 17+; kintone-postman run --ssl-client-pfx (or --ssl-client-cert-list) opens it"
  );
}
