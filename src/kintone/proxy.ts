import { request as httpRequest } from "node:http";
import { Agent, type AgentOptions } from "node:https";
import type { Duplex } from "node:stream";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";

/**
 * The proxy variables as given (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, or their lower-case forms).
 * The CLI reads them; everything below only receives them.
 */
export interface ProxySettings {
  httpsProxy?: string;
  httpProxy?: string;
  noProxy?: string;
}

/**
 * The proxy a request to `url` goes through, by the rules Newman's HTTP library applies to the
 * same variables, so `run` and the commands that connect by themselves agree: NO_PROXY `*` or a
 * matching entry (a host or domain suffix, optionally `:port`) means none; an https URL uses
 * HTTPS_PROXY, else HTTP_PROXY.
 */
export function proxyFor(url: URL, settings: ProxySettings): URL | undefined {
  if (bypassed(url, settings.noProxy ?? "")) return undefined;
  const given =
    url.protocol === "https:"
      ? settings.httpsProxy || settings.httpProxy
      : settings.httpProxy || undefined;
  if (!given) return undefined;
  // `host:port` without a scheme is common in these variables.
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `http://${given}`);
}

function bypassed(url: URL, noProxy: string): boolean {
  if (noProxy.trim() === "*") return true;
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return noProxy
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "")
    .some((entry) => {
      const colon = entry.lastIndexOf(":");
      const hasPort = colon > 0 && /^\d+$/.test(entry.slice(colon + 1)) && !entry.includes("]");
      const zone = (hasPort ? entry.slice(0, colon) : entry).replace(/^\*?\.?/, "");
      if (hasPort && entry.slice(colon + 1) !== port) return false;
      return host === zone || host.endsWith(`.${zone}`);
    });
}

/** How a proxy is named in messages: its address, never a login it may carry. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * An HTTPS agent whose connections go through an HTTP CONNECT tunnel. TLS runs end to end inside
 * the tunnel, so the client certificate (`pfx`, or `cert` and `key`) reaches the kintone host and
 * the proxy sees only encrypted bytes. Hand it to `https.request` as `agent` (or to an HTTP
 * client as its HTTPS agent); the TLS options of each request still apply.
 */
export class TunnelingAgent extends Agent {
  readonly #proxy: URL;

  constructor(proxy: URL, options: AgentOptions = {}) {
    super(options);
    this.#proxy = proxy;
  }

  override createConnection(
    options: ConnectionOptions & { host?: string; port?: number },
    callback: (error: Error | null, socket?: Duplex) => void,
  ): undefined {
    const host = options.host ?? "localhost";
    const port = options.port ?? 443;
    const authority = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    const headers: Record<string, string> = { host: authority };
    if (this.#proxy.username !== "") {
      const login = `${decodeURIComponent(this.#proxy.username)}:${decodeURIComponent(this.#proxy.password)}`;
      headers["proxy-authorization"] = `Basic ${Buffer.from(login, "utf8").toString("base64")}`;
    }
    const connect = httpRequest({
      host: this.#proxy.hostname.replace(/^\[|\]$/g, ""),
      port: Number(this.#proxy.port || 80),
      method: "CONNECT",
      path: authority,
      headers,
      agent: false,
    });
    connect.once("connect", (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        const error = new Error(
          `proxy ${proxyLabel(this.#proxy)} answered ${response.statusCode} to CONNECT ${authority}`,
        );
        callback(Object.assign(error, { code: "EPROXY" }));
        return;
      }
      const servername = options.servername ?? (/^[\d.:]+$/.test(host) ? undefined : host);
      const secure = tlsConnect({ ...options, socket, ...(servername ? { servername } : {}) });
      callback(null, secure);
    });
    connect.once("error", callback);
    connect.end();
    return undefined;
  }
}

/**
 * The HTTPS agent for a command that connects by itself: through a tunnel when a proxy applies to
 * `url`, else direct. `tls` (pfx and passphrase, or cert and key; ca) applies either way. With
 * `@kintone/rest-api-client`, pass it as `httpsAgent` together with `proxy: false`, so the HTTP
 * library underneath does not apply the same variables a second time, its own way.
 */
export function httpsAgentFor(url: URL, settings: ProxySettings, tls: AgentOptions = {}): Agent {
  const proxy = proxyFor(url, settings);
  return proxy ? new TunnelingAgent(proxy, tls) : new Agent(tls);
}
