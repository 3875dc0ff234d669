import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { KintoneHeader } from "../kintone/headers.js";
import { authenticate, hasBasicAuth, type Principal } from "./auth.js";
import { KintoneError, errorId, kintoneError } from "./http/kintone-error.js";
import { multipartBoundary, parseMultipart, type FormPart } from "./http/multipart.js";
import { isPlainObject, parseQueryString, type Params } from "./http/params.js";
import {
  FileResponse,
  RouteContext,
  parseApiPath,
  type ApiTarget,
  type HttpMethod,
} from "./router.js";
import { findRoute } from "./routes.js";
import type { StubState } from "./state.js";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ServerOptions {
  key: string;
  cert: string;
  ca: string;
  secureAccess: boolean;
  basicAuth?: { username: string; password: string };
  state: StubState;
  /** Where each request is recorded; none when absent (the default: memory stays flat). */
  requests?: RecordedRequest[];
}

const JSON_TYPE = "application/json; charset=utf-8";
const METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "DELETE"];

/**
 * The HTTPS server. With Secure Access the TLS layer itself demands a client certificate signed
 * by the stub's CA: a client without one is refused during the handshake, before any HTTP.
 */
export function createStubServer(options: ServerOptions): Server {
  return createServer(
    {
      key: options.key,
      cert: options.cert,
      ca: options.ca,
      requestCert: options.secureAccess,
      rejectUnauthorized: options.secureAccess,
    },
    (request, response) => {
      void serve(options, request, response);
    },
  );
}

async function serve(
  options: ServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request).catch(() => undefined);
  // A client that went away mid-request gets no answer.
  if (body === undefined) return;
  options.requests?.push({
    method: request.method ?? "",
    url: request.url ?? "",
    headers: request.headers,
    body,
  });
  try {
    if (options.basicAuth && !hasBasicAuth(request.headers, options.basicAuth)) {
      return sendBasicChallenge(response);
    }
    const url = new URL(request.url ?? "/", "https://stub.invalid");
    const target = parseApiPath(url.pathname);
    if (!target) throw kintoneError.notFound();
    const principal = authenticate(options.state, request.headers);
    const result = run({
      state: options.state,
      principal,
      target,
      ...readCall(request, url, body),
    });
    await options.state.persist();
    send(response, 200, result);
  } catch (error) {
    await options.state.persist();
    sendError(response, error);
  }
}

interface Call {
  state: StubState;
  principal: Principal;
  method: HttpMethod;
  target: ApiTarget;
  params: Params;
  form: FormPart[];
  /** Inside bulkRequest.json, where only the record APIs kintone allows there are reachable. */
  inBulk?: boolean;
}

/** Runs one API call; bulkRequest.json comes back here for each of its requests. */
function run({ state, principal, method, target, params, form, inBulk }: Call): unknown {
  const route = findRoute(method, target.path);
  if (!route || (inBulk && !route.bulk)) throw kintoneError.notFound();
  if (route.tokens === false && principal.kind === "token") throw kintoneError.tokenNotSupported();
  if (target.guestSpaceId !== undefined && !state.space(target.guestSpaceId)?.isGuest) {
    throw kintoneError.spaceNotFound(String(target.guestSpaceId));
  }
  const dispatch = (call: { method: HttpMethod; target: ApiTarget; params: Params }) =>
    run({ state, principal, ...call, form: [], inBulk: true });
  return route.handler(new RouteContext(state, route, target, params, principal, form, dispatch));
}

/**
 * The method and parameters of a request: the query string, and a JSON body on any method
 * (kintone reads one on GET too). `X-HTTP-Method-Override` lets a POST carry a long GET.
 */
function readCall(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
): { method: HttpMethod; params: Params; form: FormPart[] } {
  const override = request.headers[KintoneHeader.methodOverride.toLowerCase()];
  const requested = (
    request.method === "POST" && typeof override === "string" ? override : (request.method ?? "")
  ).toUpperCase();
  if (!METHODS.includes(requested as HttpMethod)) throw kintoneError.notFound();
  const params = parseQueryString(url.search);
  const boundary = multipartBoundary(request.headers["content-type"]);
  if (boundary)
    return { method: requested as HttpMethod, params, form: parseMultipart(body, boundary) };
  if (body.length > 0 && body.toString("utf8").trim() !== "") {
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw kintoneError.invalidJson();
    }
    if (!isPlainObject(json)) throw kintoneError.invalidJson();
    Object.assign(params, json);
  }
  return { method: requested as HttpMethod, params, form: [] };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, result: unknown): void {
  if (result instanceof FileResponse) {
    response.writeHead(status, {
      "content-type": result.contentType,
      "content-length": result.data.length,
    });
    response.end(result.data);
    return;
  }
  const text = Buffer.from(JSON.stringify(result));
  response.writeHead(status, { "content-type": JSON_TYPE, "content-length": text.length });
  response.end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof KintoneError) return send(response, error.status, error.toBody());
  // A bug in the stub: answer as kintone does for its own failures, and leave a warning in the log.
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`kintone stub: internal error: ${message}`);
  send(response, 500, {
    code: "GAIA_UN01",
    id: errorId(),
    message: `Internal error in the stub: ${message}`,
  });
}

/** Basic authentication in front of kintone answers before kintone itself does. */
function sendBasicChallenge(response: ServerResponse): void {
  const text = Buffer.from(
    "<html><body><h1>401 Unauthorized</h1><p>Basic authentication is required.</p></body></html>",
  );
  response.writeHead(401, {
    "www-authenticate": 'Basic realm="kintone"',
    "content-type": "text/html; charset=utf-8",
    "content-length": text.length,
  });
  response.end(text);
}
