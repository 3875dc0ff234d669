import { SECRET_KEYS } from "../environment/variables.js";
import { KintoneHeader } from "../kintone/headers.js";
import type { RunListener } from "./newman.js";

const MASK = "(hidden)";

// Every header kintone authenticates with carries a secret (Basic and Bearer travel in Authorization).
const SECRET_HEADERS = new Set(
  [KintoneHeader.password, KintoneHeader.apiToken, KintoneHeader.authorization].map((name) =>
    name.toLowerCase(),
  ),
);

interface HeaderLike {
  key: string;
  value: string;
}
interface VariableLike {
  key: string;
  set(value: string): void;
}
interface ListLike<T> {
  each(callback: (member: T) => void): void;
}

interface SentRequest {
  headers?: ListLike<HeaderLike>;
  certificate?: { toJSON(): { passphrase?: unknown } };
}

/**
 * Keeps secrets out of everything reporters print or write (the JSON report holds each request's
 * headers, its client certificate and the final environment). Sent requests lose their credential
 * headers and their certificate's passphrase as soon as their response arrives; secret variables
 * are blanked just before reporters read the summary. This listener must be attached before the
 * reporters, which `runNewman` guarantees.
 */
export const maskSecrets: RunListener = (emitter) => {
  emitter.on("request", (_error: unknown, event?: { request?: SentRequest }) => {
    const request = event?.request;
    request?.headers?.each((header) => {
      if (SECRET_HEADERS.has(header.key.toLowerCase())) header.value = MASK;
    });
    // Every request matching a certificate-list entry (the pfx, --ssl-client-cert-list, or
    // --ssl-client-cert with its key) shares that entry, and the next one still needs its
    // passphrase: this request gets a copy without it. The copy's JSON leaves out the file
    // contents, as the certificate's own does.
    if (request?.certificate !== undefined) {
      request.certificate = withoutPassphrase(request.certificate.toJSON());
    }
  });
  emitter.on("beforeDone", (_error: unknown, event?: { summary?: SummaryScopes }) => {
    const summary = event?.summary;
    for (const list of [
      summary?.environment?.values,
      summary?.globals?.values,
      summary?.collection?.variables,
    ]) {
      list?.each((variable) => {
        if (SECRET_KEYS.has(variable.key)) variable.set("");
      });
    }
  });
};

function withoutPassphrase(certificate: { passphrase?: unknown }): { toJSON(): object } {
  const masked = certificate.passphrase ? { ...certificate, passphrase: MASK } : certificate;
  return { toJSON: () => masked };
}

interface SummaryScopes {
  environment?: { values?: ListLike<VariableLike> };
  globals?: { values?: ListLike<VariableLike> };
  collection?: { variables?: ListLike<VariableLike> };
}
