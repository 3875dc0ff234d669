import { describe, expect, it } from "vitest";
import { describeNetworkError } from "../../src/kintone/network-errors.js";

const error = (code: string, message = code) => Object.assign(new Error(message), { code });
const local = new URL("https://127.0.0.1:8443/k/v1/apps.json");
const secureAccess = new URL("https://example.s.cybozu.com/k/v1/apps.json");

describe("describeNetworkError", () => {
  it("names DNS, refused connections and timeouts", () => {
    expect(describeNetworkError(error("ENOTFOUND"), secureAccess, true).kind).toBe("dns");
    expect(describeNetworkError(error("ECONNREFUSED"), local, false).kind).toBe("refused");
    expect(describeNetworkError(error("ETIMEDOUT"), local, false).kind).toBe("timeout");
  });

  it("suggests --ssl-extra-ca-certs for an untrusted server certificate", () => {
    const failure = describeNetworkError(error("SELF_SIGNED_CERT_IN_CHAIN"), local, false);
    expect(failure.kind).toBe("server-certificate");
    expect(failure.sentence).toContain("--ssl-extra-ca-certs");
  });

  it("says Secure Access needs the certificate when the server demanded one", () => {
    const failure = describeNetworkError(
      error("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"),
      local,
      false,
    );
    expect(failure.kind).toBe("client-certificate-missing");
    expect(failure.sentence).toContain(
      "Secure Access needs the client certificate (--ssl-client-pfx, or KINTONE_PFX_FILE_PATH)",
    );
  });

  it("reads a dropped handshake on a Secure Access domain as a missing certificate", () => {
    const reset = error("ECONNRESET", "socket hang up");
    expect(describeNetworkError(reset, secureAccess, false).kind).toBe(
      "client-certificate-missing",
    );
    expect(describeNetworkError(reset, secureAccess, true).kind).toBe("client-certificate-refused");
    expect(describeNetworkError(reset, local, false).kind).toBe("other");
  });
});
