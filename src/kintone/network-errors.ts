import { KintoneEnvVar } from "./env-vars.js";

/** Why a request got no HTTP answer, in words a person can act on. Shared by `run` and `doctor`. */
export type NetworkFailureKind =
  | "dns"
  | "refused"
  | "timeout"
  | "server-certificate"
  | "client-certificate-missing"
  | "client-certificate-refused"
  | "other";

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** `host[:port]` of the request. */
  host: string;
  sentence: string;
}

/** kintone domains behind Secure Access, which demand a client certificate. */
export function isSecureAccessHost(hostname: string): boolean {
  return /\.s\.(cybozu\.com|cybozu\.cn|kintone\.com)$/i.test(hostname);
}

export const SECURE_ACCESS_ADVICE = `Secure Access needs the client certificate (--ssl-client-pfx, or ${KintoneEnvVar.pfxFilePath})`;

const SERVER_CERTIFICATE_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

// TLS alerts a server sends when it wants a client certificate it did not get, or did not like.
const CLIENT_CERTIFICATE_ALERT =
  /ALERT_(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|CERTIFICATE_UNKNOWN|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE)$/;

/**
 * Names the failure of a request that got no HTTP response. `sentCertificate` tells whether a
 * client certificate went with it, which decides between "needs one" and "refused yours".
 */
export function describeNetworkError(
  error: unknown,
  url: URL,
  sentCertificate: boolean,
): NetworkFailure {
  const { code = "", message = String(error) } = (error ?? {}) as NodeJS.ErrnoException;
  const host = url.host;
  const failure = (kind: NetworkFailureKind, sentence: string): NetworkFailure => ({
    kind,
    host,
    sentence,
  });
  const missing = () =>
    failure(
      "client-certificate-missing",
      `${host} demanded a client certificate: ${SECURE_ACCESS_ADVICE}`,
    );
  const refused = () =>
    failure(
      "client-certificate-refused",
      `${host} refused the client certificate (${code}): check it is the one issued for this domain and still valid`,
    );

  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return failure("dns", `cannot resolve ${url.hostname} (DNS): check the base URL`);
  }
  if (code === "ECONNREFUSED") {
    return failure("refused", `nothing answers at ${host}: check the base URL and its port`);
  }
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT" || code === "ECONNABORTED") {
    return failure("timeout", `${host} did not answer in time`);
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return failure(
      "server-certificate",
      `the server certificate of ${host} is not for ${url.hostname}: check the base URL`,
    );
  }
  if (SERVER_CERTIFICATE_CODES.has(code)) {
    return failure(
      "server-certificate",
      `the server certificate of ${host} is not trusted (${code}): add its CA with --ssl-extra-ca-certs`,
    );
  }
  if (CLIENT_CERTIFICATE_ALERT.test(code)) return sentCertificate ? refused() : missing();
  // A server may also just drop the handshake; on a Secure Access domain that means the same.
  if (code === "ECONNRESET" || /socket hang up/i.test(message)) {
    if (sentCertificate) return refused();
    if (isSecureAccessHost(url.hostname)) return missing();
  }
  if (isSecureAccessHost(url.hostname) && !sentCertificate) {
    return failure(
      "client-certificate-missing",
      `${host}: ${firstLine(message)}; ${SECURE_ACCESS_ADVICE}`,
    );
  }
  return failure("other", `${host}: ${firstLine(message)}`);
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
