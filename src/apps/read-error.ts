import { flagHintFor } from "../kintone/error-hints.js";
import { describeNetworkError } from "../kintone/network-errors.js";

/**
 * One line about a failed read: kintone's code and what to do, or what went wrong on the way
 * (DNS, TLS, Basic authentication in front). Never a stack trace, never a secret.
 */
export function describeReadError(
  error: unknown,
  baseUrl: string,
  sentCertificate: boolean,
): string {
  const { code, status, message } = (error ?? {}) as {
    code?: unknown;
    status?: unknown;
    message?: unknown;
  };
  if (typeof code === "string" && typeof status === "number") {
    const hint = flagHintFor(code);
    return `${code} (HTTP ${status})${hint ? `: ${hint}` : ""}`;
  }
  const text = typeof message === "string" ? message : String(error);
  // The official client turns an answer that is not kintone's JSON into "401: Unauthorized".
  const http = /^(\d{3}): (.*)$/.exec(text);
  if (http) {
    return http[1] === "401"
      ? "HTTP 401 from the server in front of kintone: check --basic-auth-username and --basic-auth-password"
      : `HTTP ${http[1]} ${http[2]} without a kintone error: is the base URL a kintone domain?`;
  }
  return describeNetworkError(error, new URL(baseUrl), sentCertificate).sentence;
}
