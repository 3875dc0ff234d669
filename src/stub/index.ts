import { mkdtemp, rm } from "node:fs/promises";
import { isIPv6 } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { addUsers, stateFromSeed } from "./seed/load.js";
import type { StubSeed } from "./seed/types.js";
import { createStubServer, type RecordedRequest } from "./server.js";
import { StubState } from "./state.js";
import { prepareCertificates } from "./tls/prepare.js";
import { CertificateFile } from "./tls/certificates.js";

export { writeClientPfx } from "./tls/certificates.js";
export type { RecordedRequest } from "./server.js";
export type { PfxEncoding } from "./tls/pkcs12.js";
export type { StubSeed } from "./seed/types.js";

export interface StubOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Defaults to 127.0.0.1; nothing else is ever listened on unless given here. */
  host?: string;
  /** Where the certificates live; default: a new temporary directory, removed by `close()`. */
  dir?: string;
  /** Demand a client certificate signed by the stub's CA, as kintone's Secure Access does. */
  secureAccess?: boolean;
  /** Write client.pfx in the legacy RC2-40 encoding. */
  legacyPfx?: boolean;
  /** Default: the one saved in `dir` by an earlier start, else a new random one saved there. */
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
  /**
   * Told about a problem the stub carries on through: a persist file it cannot write (once, until
   * a write succeeds again). Default: a process warning.
   */
  onError?: (error: Error) => void;
  /**
   * Keep every request (headers and bodies included) in `requests`, for tests. Off by default: a
   * long-running stub would otherwise hold every request in memory for its whole life.
   */
  recordRequests?: boolean;
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
  /** dir/client.pfx.passphrase, where a generated passphrase is kept; none when one was given. */
  pfxPassphrasePath?: string;
  /** Every request received, in order, with `recordRequests`; empty without. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a local kintone-compatible HTTPS server; resolves once it is listening. */
export async function startStub(options: StubOptions = {}): Promise<RunningStub> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "kintone-stub-")));
  // A folder the stub made holds only its certificates: it goes when the stub stops. A folder the
  // user named is theirs, and kept so the next start reuses what is in it.
  const removeDir = () =>
    options.dir === undefined ? rm(dir, { recursive: true, force: true }) : Promise.resolve();
  try {
    return await start(options, dir, removeDir);
  } catch (error) {
    await removeDir();
    throw error;
  }
}

async function start(
  options: StubOptions,
  dir: string,
  removeDir: () => Promise<void>,
): Promise<RunningStub> {
  const host = options.host ?? "127.0.0.1";
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const restored = options.persist ? await StubState.restore(options.persist) : undefined;
  const state = restored ?? (await stateFromSeed(options.seed, options.users, options.persist));
  if (restored) addUsers(state.data, options.users ?? []);
  if (options.onError) state.onPersistError = options.onError;
  const tls = await prepareCertificates(dir, urlHost, options);
  const requests: RecordedRequest[] = [];
  const httpsServer = createStubServer({
    key: tls.server.keyPem,
    cert: tls.server.certPem,
    ca: tls.ca.certPem,
    secureAccess: options.secureAccess ?? false,
    ...(options.basicAuth ? { basicAuth: options.basicAuth } : {}),
    state,
    ...(options.recordRequests ? { requests } : {}),
  });
  const port = await listen(httpsServer, options.port ?? 0, host);
  return {
    url: `https://${isIPv6(urlHost) ? `[${urlHost}]` : urlHost}:${port}`,
    port,
    dir,
    caCertPath: join(dir, CertificateFile.caCert),
    pfxPath: tls.pfxPath,
    pfxPassphrase: tls.pfxPassphrase,
    ...(options.pfxPassphrase === undefined
      ? { pfxPassphrasePath: join(dir, CertificateFile.clientPfxPassphrase) }
      : {}),
    requests,
    close: async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          httpsServer.close((error) => (error ? reject(error) : resolve()));
          httpsServer.closeAllConnections();
        });
        // A change whose write failed gets a last try before the stub goes.
        await state.persist();
      } finally {
        await removeDir();
      }
    },
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
      // Not an address of this machine, or a name that resolves to none (999.1.1.1 is a name to
      // the resolver, not an address).
      else if (["EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN", "EAI_FAIL"].includes(error.code ?? ""))
        reject(new UsageError(`cannot listen on ${host}: no such address here`));
      else reject(error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
