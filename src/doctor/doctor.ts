import { readExtraCaCertificates } from "../certificates/extra-ca.js";
import { UsageError } from "../errors.js";
import { checkApiTokens, checkGuestSpaceId } from "../kintone/connection-checks.js";
import { PASSWORD_WITHOUT_LOGIN } from "../kintone/error-hints.js";
import { apiRoot } from "../kintone/paths.js";
import { isSecureAccessHost } from "../kintone/network-errors.js";
import { proxyFor, type ProxySettings } from "../kintone/proxy.js";
import { baseUrlCheck } from "./base-url-check.js";
import { certificateCheck } from "./certificate-check.js";
import { check, formatCheck, type Check } from "./check.js";
import { DEFAULT_TIMEOUT_MS, type DoctorOptions } from "./options.js";
import { requestCheck } from "./request-check.js";
import { doctorSettings } from "./settings.js";
import { signIn } from "./sign-in.js";

export interface DoctorResult {
  /** True when no check failed (warnings pass). */
  passed: boolean;
  checks: Check[];
}

/**
 * Explains a setup before a run: the client certificate, the base URL, the credentials, and one
 * authenticated request with all of them, reporting in plain words what failed.
 */
export async function doctor(options: DoctorOptions = {}): Promise<DoctorResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const settings = await doctorSettings(options);
  const { connection } = settings;
  // Refused as generate and run refuse them.
  checkGuestSpaceId(connection.guestSpaceId);
  checkApiTokens(connection.apiTokens);
  if (options.connection?.password && !connection.username) {
    throw new UsageError(PASSWORD_WITHOUT_LOGIN);
  }
  const extraCa = await readExtraCa(options.sslExtraCaCerts);

  const base = baseUrlCheck(connection.baseUrl);
  const certificate = await certificateCheck(options, base.url, options.now ?? new Date());
  const credentials = signIn(connection, settings.authMethod);
  const context = [
    connection.guestSpaceId ? `guest space ${connection.guestSpaceId}` : undefined,
    connection.appId ? `app ${connection.appId}` : undefined,
    settings.environmentPath ? `environment ${settings.environmentPath}` : undefined,
  ].filter((part) => part !== undefined);
  const credentialsCheck =
    credentials.problem !== undefined
      ? check("credentials", "fail", credentials.problem, ...context)
      : credentials.method === "apiToken" && !connection.appId
        ? check(
            "credentials",
            "warn",
            credentials.description,
            "API tokens belong to apps: give --app so the test request reads that app",
            ...context,
          )
        : check("credentials", "ok", credentials.description, ...context);

  let request: Check;
  if (base.url === undefined) request = check("request", "skip", "no usable base URL");
  else if (certificate.chosen && certificate.pfx === undefined) {
    request = check("request", "skip", "the client certificate did not open");
  } else if (certificate.check.status === "fail" && isSecureAccessHost(base.url.hostname)) {
    // Secure Access refuses the request before kintone sees it: the credentials would travel for
    // nothing.
    request = check("request", "skip", "Secure Access would refuse it without a valid certificate");
  } else {
    const path = connection.appId
      ? `app.json?id=${encodeURIComponent(connection.appId)}`
      : "apps.json?limit=1";
    request = await requestCheck({
      url: new URL(`${apiRoot(connection.guestSpaceId)}/${path}`, base.url),
      headers: credentials.headers,
      basicAuth: Boolean(connection.basicAuthUsername),
      ...(certificate.pfx && { pfx: certificate.pfx }),
      ...(extraCa && { extraCa }),
      ...(options.lookup && { lookup: options.lookup }),
      insecure: options.insecure ?? false,
      ...proxyOption(base.url, options.proxy),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  const checks = [certificate.check, base.check, credentialsCheck, request];
  checks.flatMap(formatCheck).forEach(print);
  return { passed: checks.every((c) => c.status !== "fail"), checks };
}

function proxyOption(url: URL, settings: ProxySettings | undefined): { proxy?: URL } {
  const proxy = settings ? proxyFor(url, settings) : undefined;
  return proxy ? { proxy } : {};
}

async function readExtraCa(path: string | undefined): Promise<Buffer | undefined> {
  return path === undefined ? undefined : readExtraCaCertificates(path);
}
