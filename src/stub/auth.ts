import type { IncomingHttpHeaders } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { KintoneHeader, MAX_API_TOKENS } from "../kintone/headers.js";
import { kintoneError } from "./http/kintone-error.js";
import type { TokenPermission } from "./seed/types.js";
import type { ApiTokenData, AppData, Entity, StubState, UserAccount } from "./state.js";

/** Who a request acts as: a user (password or OAuth) or a set of API tokens. */
export type Principal =
  | { kind: "user"; user: UserAccount; via: "password" | "oauth" }
  | { kind: "token"; tokens: { app: AppData; token: ApiTokenData }[] };

/**
 * Records changed with API tokens show kintone's built-in administrator as creator and modifier.
 */
const TOKEN_ACTOR: Entity = { code: "Administrator", name: "Administrator" };

/**
 * kintone's order when several credentials come at once: password, then API token, then OAuth.
 * Whichever wins is the only one checked: a wrong password fails even beside a valid token.
 */
export function authenticate(state: StubState, headers: IncomingHttpHeaders): Principal {
  const password = header(headers, KintoneHeader.password);
  if (password !== undefined) return passwordPrincipal(state, password);
  const tokens = header(headers, KintoneHeader.apiToken);
  if (tokens !== undefined) return tokenPrincipal(state, tokens);
  const authorization = header(headers, KintoneHeader.authorization) ?? "";
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
  if (bearer !== undefined) return oauthPrincipal(state, bearer);
  throw kintoneError.noCredentials();
}

/** `X-Cybozu-Authorization: base64(UTF-8 "login:password")`. */
function passwordPrincipal(state: StubState, header: string): Principal {
  const decoded = Buffer.from(header.trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon > 0 ? state.user(decoded.slice(0, colon)) : undefined;
  if (!user || !sameText(user.password, decoded.slice(colon + 1)))
    throw kintoneError.wrongPassword();
  return { kind: "user", user, via: "password" };
}

/** `X-Cybozu-API-Token: t1,t2` (repeated headers arrive joined by Node with ", "). */
function tokenPrincipal(state: StubState, header: string): Principal {
  const given = header
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  if (given.length > MAX_API_TOKENS) throw kintoneError.tooManyApiTokens(MAX_API_TOKENS);
  if (given.length === 0) throw kintoneError.invalidApiToken();
  const tokens = given.map((value) => {
    for (const app of state.data.apps.values()) {
      const token = app.apiTokens.find((candidate) => sameText(candidate.token, value));
      if (token) return { app, token };
    }
    throw kintoneError.invalidApiToken();
  });
  return { kind: "token", tokens };
}

function oauthPrincipal(state: StubState, bearer: string): Principal {
  const grant = state.data.oauthTokens.find((candidate) => sameText(candidate.token, bearer));
  const user = grant ? state.user(grant.login) : undefined;
  if (!user) throw kintoneError.invalidOAuthToken();
  return { kind: "user", user, via: "oauth" };
}

/**
 * API tokens work only for the app they belong to: one of the tokens must be the app's, with the
 * permission the API needs. Users (the stub's are all administrators) may do everything.
 */
export function authorizeApp(
  principal: Principal,
  app: AppData,
  permission?: TokenPermission,
): void {
  if (principal.kind === "user") return;
  const own = principal.tokens.filter((entry) => entry.app.id === app.id);
  if (own.length === 0) throw kintoneError.invalidApiToken();
  if (permission && !own.some((entry) => entry.token.permissions[permission])) {
    throw kintoneError.tokenPermission();
  }
}

export function actorOf(principal: Principal): Entity {
  return principal.kind === "user"
    ? { code: principal.user.code, name: principal.user.name }
    : TOKEN_ACTOR;
}

/** True when the request carries the Basic credentials the stub was started with. */
export function hasBasicAuth(
  headers: IncomingHttpHeaders,
  expected: { username: string; password: string },
): boolean {
  const encoded = /^Basic\s+(.+)$/i.exec(header(headers, KintoneHeader.authorization) ?? "")?.[1];
  if (encoded === undefined) return false;
  return sameText(
    Buffer.from(encoded.trim(), "base64").toString("utf8"),
    `${expected.username}:${expected.password}`,
  );
}

/** Node hands header names over in lower case, and a repeated header as an array. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Constant-time comparison, so the stub never teaches a timing attack. */
function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
