import { describe, expect, it } from "vitest";
import { entryFor, type CertificateListEntry } from "../../src/certificates/cert-list.js";

const entry = (name: string, ...matches: string[]): CertificateListEntry => ({ name, matches });

describe("entryFor: the certificate-list entry Newman would use for a URL", () => {
  const list = [
    entry("port", "https://127.0.0.1:8443/*"),
    entry("subdomains", "https://*.s.cybozu.com/*"),
    entry("default port", "https://example.com/*"),
    entry("any", "*://*:*/k/*"),
  ];
  it.each([
    ["https://127.0.0.1:8443/k/v1/app.json", "port"],
    ["https://acme.s.cybozu.com/k/v1/app.json", "subdomains"],
    ["https://example.com/k/v1/app.json", "default port"],
    ["https://example.com:443/x", "default port"],
    // A pattern without a port matches the protocol's default port only.
    ["https://example.com:8443/k/v1/app.json", "any"],
    ["https://127.0.0.1:9443/k/v1/app.json", "any"],
  ])("%s → %s", (url, name) => {
    expect(entryFor(list, new URL(url))?.name).toBe(name);
  });

  it("matches nothing for another protocol, port or path, nor for a malformed pattern", () => {
    const strict = [entry("a", "https://example.com/k/*"), entry("b", "not a pattern")];
    expect(entryFor(strict, new URL("http://example.com/k/v1"))).toBeUndefined();
    expect(entryFor(strict, new URL("https://example.com:8443/k/v1"))).toBeUndefined();
    expect(entryFor(strict, new URL("https://example.com/other"))).toBeUndefined();
    expect(entryFor(strict, new URL("https://evil-example.com/k/v1"))).toBeUndefined();
  });
});
