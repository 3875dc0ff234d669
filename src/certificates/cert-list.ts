import { UsageError } from "../errors.js";

/**
 * One entry of a Newman certificate list (`sslClientCertList`, `--ssl-client-cert-list`). A pfx
 * reaches Newman only this way: `request.certificate` inside a collection is ignored, and a pfx
 * given to `--ssl-client-cert` is silently not sent.
 */
export interface CertificateListEntry {
  name: string;
  matches: string[];
  pfx?: { src: string };
  cert?: { src: string };
  key?: { src: string };
  passphrase?: string;
}

/**
 * The match pattern for a base URL's host. Newman's pattern without a port matches port 443 only,
 * so a URL with an explicit port keeps it (`https://127.0.0.1:8443/*`).
 */
export function matchPatternFor(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError("the base URL is not a URL (e.g. https://example.cybozu.com)");
  }
  return `${url.protocol}//${url.host}/*`;
}

/** The certificate files of an entry: a pfx, or a PEM certificate and its key. */
export type CertificateFiles = { pfxPath: string } | { certPath: string; keyPath: string };

/** The entry that sends a client certificate to the base URL's host, and only there. */
export function pfxCertificateEntry(
  options: { baseUrl: string; passphrase?: string } & CertificateFiles,
): CertificateListEntry {
  const entry: CertificateListEntry = {
    name: `kintone client certificate (${new URL(options.baseUrl).host})`,
    matches: [matchPatternFor(options.baseUrl)],
  };
  if ("pfxPath" in options) entry.pfx = { src: options.pfxPath };
  else {
    entry.cert = { src: options.certPath };
    entry.key = { src: options.keyPath };
  }
  if (options.passphrase !== undefined) entry.passphrase = options.passphrase;
  return entry;
}
