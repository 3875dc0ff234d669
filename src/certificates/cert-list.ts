import { readFile } from "node:fs/promises";
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

/** A certificate list file (`--ssl-client-cert-list`), as `run` and `doctor` read it. */
export async function readCertificateList(path: string): Promise<CertificateListEntry[]> {
  let list: unknown;
  try {
    list = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new UsageError(`certificate list "${path}" is missing or not JSON`);
  }
  if (!Array.isArray(list)) throw new UsageError(`certificate list "${path}" is not a JSON array`);
  return list as CertificateListEntry[];
}

/**
 * The entry Newman would use for a URL: the first whose `matches` holds a pattern for it.
 * Patterns read as Postman's match patterns: `PROTOCOL://HOST[:PORT]/PATH`, `*` for any protocol
 * or port, `*.` before a host for its subdomains, `*` anywhere in the path; a pattern without a
 * port matches the protocol's default port only (443 for https).
 */
export function entryFor(
  entries: readonly CertificateListEntry[],
  url: URL,
): CertificateListEntry | undefined {
  return entries.find(
    (entry) => Array.isArray(entry?.matches) && entry.matches.some((p) => patternMatches(p, url)),
  );
}

const MATCH_PATTERN = /^(\*|[a-z][a-z0-9.+-]*):\/\/(\*|(?:\*\.)?[^/:*]+)(?::(\*|\d+))?(\/.*)$/i;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { "http:": "80", "https:": "443" };

function patternMatches(pattern: unknown, url: URL): boolean {
  const parts = typeof pattern === "string" ? MATCH_PATTERN.exec(pattern) : null;
  if (parts === null) return false;
  const [, protocols = "", host = "", port, path = ""] = parts;
  if (
    protocols !== "*" &&
    !protocols.toLowerCase().split("+").includes(url.protocol.slice(0, -1))
  ) {
    return false;
  }
  const hostname = url.hostname.toLowerCase();
  const wanted = host.toLowerCase();
  const hostOk =
    wanted === "*" ||
    hostname === wanted ||
    (wanted.startsWith("*.") &&
      (hostname === wanted.slice(2) || hostname.endsWith(wanted.slice(1))));
  const urlPort = url.port || DEFAULT_PORTS[url.protocol] || "";
  const portOk = port === "*" || (port ?? DEFAULT_PORTS[url.protocol]) === urlPort;
  const glob = new RegExp(`^${path.split("*").map(escapeRegExp).join(".*")}$`);
  return hostOk && portOk && glob.test(url.pathname);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
