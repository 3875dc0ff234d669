import type { IncomingHttpHeaders } from "node:http";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { isIPv6 } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { addUsers, stateFromSeed } from "./seed/load.js";
import type { StubSeed } from "./seed/types.js";
import { createStubServer } from "./server.js";
import { StubState } from "./state.js";
import {
  CertificateFile,
  loadOrCreateCa,
  loadOrCreateClientPfx,
  loadOrCreateServerCertificate,
} from "./tls/certificates.js";

export { writeClientPfx } from "./tls/certificates.js";
export type { PfxEncoding } from "./tls/pkcs12.js";
export type { StubSeed } from "./seed/types.js";

export interface StubOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Defaults to 127.0.0.1; nothing else is ever listened on unless given here. */
  host?: string;
  /** Where the certificates live; default: a new temporary directory. */
  dir?: string;
  /** Demand a client certificate signed by the stub's CA, as kintone's Secure Access does. */
  secureAccess?: boolean;
  /** Write client.pfx in the legacy RC2-40 encoding. */
  legacyPfx?: boolean;
  /** Default: random. */
  pfxPassphrase?: string;
  /** Added to the seed's users (a login already there gets the new password). */
  users?: { login: string; password: string }[];
  /** A JSON file path or a seed object; default: the built-in seed. */
  seed?: string | StubSeed;
  /** Basic authentication in front of everything, as some kintone domains have. */
  basicAuth?: { username: string; password: string };
  /**
   * A JSON file the state is kept in: written after each change, and read at start when it
   * exists (the seed is then not used; `users` still are).
   */
  persist?: string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RunningStub {
  /** `https://127.0.0.1:PORT` */
  url: string;
  port: number;
  dir: string;
  /** dir/ca.crt (PEM) */
  caCertPath: string;
  /** dir/client.pfx */
  pfxPath: string;
  pfxPassphrase: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a local kintone-compatible HTTPS server; resolves once it is listening. */
export async function startStub(options: StubOptions = {}): Promise<RunningStub> {
  const host = options.host ?? "127.0.0.1";
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "kintone-stub-")));
  const pfxPassphrase = options.pfxPassphrase ?? randomBytes(12).toString("base64url");
  const restored = options.persist ? await StubState.restore(options.persist) : undefined;
  const state = restored ?? (await stateFromSeed(options.seed, options.users, options.persist));
  if (restored) addUsers(state.data, options.users ?? []);
  const ca = await loadOrCreateCa(dir);
  const [server, pfxPath] = await Promise.all([
    loadOrCreateServerCertificate(dir, ca, urlHost),
    loadOrCreateClientPfx(dir, ca, {
      encoding: options.legacyPfx ? "legacy" : "aes",
      passphrase: pfxPassphrase,
    }),
  ]);
  const requests: RecordedRequest[] = [];
  const httpsServer = createStubServer({
    key: server.keyPem,
    cert: server.certPem,
    ca: ca.certPem,
    secureAccess: options.secureAccess ?? false,
    ...(options.basicAuth ? { basicAuth: options.basicAuth } : {}),
    state,
    requests,
  });
  const port = await listen(httpsServer, options.port ?? 0, host);
  return {
    url: `https://${isIPv6(urlHost) ? `[${urlHost}]` : urlHost}:${port}`,
    port,
    dir,
    caCertPath: join(dir, CertificateFile.caCert),
    pfxPath,
    pfxPassphrase,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpsServer.close((error) => (error ? reject(error) : resolve()));
        httpsServer.closeAllConnections();
      }),
  };
}

function listen(
  server: ReturnType<typeof createStubServer>,
  port: number,
  host: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new UsageError(`port ${port} is already in use`));
      else if (error.code === "EADDRNOTAVAIL")
        reject(new UsageError(`cannot listen on ${host}: no such address here`));
      else reject(error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
