import type { Agent } from "node:https";
import { createSecureContext, rootCertificates, type SecureContextOptions } from "node:tls";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { readExtraCaCertificates } from "../certificates/extra-ca.js";
import { openPfx, type UsablePfx } from "../certificates/pfx.js";
import { autoSignInMethod } from "../environment/merge-connection.js";
import type { ConnectionSettings } from "../environment/variables.js";
import { UsageError } from "../errors.js";
import { httpsAgentFor, type ProxySettings } from "../kintone/proxy.js";

/** How `generate --app` reaches kintone: the connection flags of `run` and `doctor`. */
export interface AppReadSettings extends ConnectionSettings {
  baseUrl: string;
  pfxFilePath?: string;
  pfxFilePassword?: string;
  /** That pfx, when the caller has opened it already: a legacy one is then not decoded twice. */
  openedPfx?: UsablePfx;
  /** Extra trusted CAs (PEM file), e.g. for a proxy or a test server. */
  sslExtraCaCerts?: string;
  /** Skip the server certificate check (tests only). */
  insecure?: boolean;
  /** Most requests in flight at once. */
  concurrency: number;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY: the client certificate still reaches kintone. */
  proxy?: ProxySettings;
}

/**
 * The official client, signed in as the collection would sign in (password beats API token beats
 * OAuth). TLS goes through our own agent: it takes a pfx in any encoding (a legacy one is
 * re-encoded in memory by `openPfx`), extra CAs, and caps the sockets at the concurrency.
 */
export async function kintoneClient(settings: AppReadSettings): Promise<KintoneRestAPIClient> {
  const auth = clientAuth(settings);
  const agent = await httpsAgent(settings);
  const { KintoneRestAPIClient } = await import("@kintone/rest-api-client");
  return new KintoneRestAPIClient({
    baseUrl: settings.baseUrl,
    auth,
    httpsAgent: agent,
    // The agent already tunnels through the proxy when one applies; the HTTP library underneath
    // must not apply the same variables a second time, its own way.
    proxy: false,
    ...(settings.guestSpaceId ? { guestSpaceId: settings.guestSpaceId } : {}),
    ...(settings.basicAuthUsername
      ? {
          basicAuth: {
            username: settings.basicAuthUsername,
            password: settings.basicAuthPassword ?? "",
          },
        }
      : {}),
  });
}

function clientAuth(settings: AppReadSettings) {
  switch (autoSignInMethod(settings)) {
    case "password":
      return { username: settings.username!, password: settings.password! };
    case "apiToken":
      return { apiToken: settings.apiTokens!.map((token) => token.trim()).filter(Boolean) };
    case "oauth":
      return { oAuthToken: settings.oauthToken! };
    default:
      throw new UsageError(
        "--app reads each app's form from kintone: give --username and --password, --api-token or --oauth-token",
      );
  }
}

/**
 * One TLS context for every connection: building it (trusted roots, client certificate) is the
 * costly part, and an agent given `ca` or `pfx` would rebuild it, and hash it into every
 * connection's name, for each request.
 */
async function httpsAgent(settings: AppReadSettings): Promise<Agent> {
  const context: SecureContextOptions = {};
  if (settings.sslExtraCaCerts !== undefined) {
    context.ca = [
      ...rootCertificates,
      (await readExtraCaCertificates(settings.sslExtraCaCerts)).toString("utf8"),
    ];
  }
  if (settings.pfxFilePath !== undefined && settings.pfxFilePath !== "") {
    const pfx =
      settings.openedPfx ?? (await openPfx(settings.pfxFilePath, settings.pfxFilePassword));
    if (pfx.kind === "pfx") context.pfx = pfx.data;
    else Object.assign(context, { cert: pfx.cert, key: pfx.key });
    if (pfx.passphrase !== undefined) context.passphrase = pfx.passphrase;
  }
  return httpsAgentFor(new URL(settings.baseUrl), settings.proxy ?? {}, {
    keepAlive: true,
    maxSockets: settings.concurrency,
    rejectUnauthorized: settings.insecure !== true,
    secureContext: createSecureContext(context),
  });
}
