import { autoSignInMethod, type SignInMethod } from "../environment/merge-connection.js";
import type { AuthMethod, ConnectionSettings } from "../environment/variables.js";
import { KintoneHeader, MAX_API_TOKENS } from "../kintone/headers.js";

export interface SignIn {
  method: SignInMethod | undefined;
  headers: Record<string, string>;
  /** What will be sent, without the secrets, e.g. "API token (2 tokens), Basic authentication". */
  description: string;
  /** Why these settings cannot sign in, if they cannot. */
  problem?: string;
}

/**
 * The headers kintone reads, built the way the generated collection builds them: auto mode picks
 * the method as its pre-request script does, and Basic authentication goes in front.
 */
export function signIn(settings: ConnectionSettings, authMethod: AuthMethod = "auto"): SignIn {
  const tokens = (settings.apiTokens ?? []).map((t) => t.trim()).filter((t) => t !== "");
  const method = authMethod === "auto" ? autoSignInMethod(settings) : authMethod;
  const headers: Record<string, string> = {};
  const said: string[] = [];
  let problem: string | undefined;

  if (settings.basicAuthUsername) {
    const pair = `${settings.basicAuthUsername}:${settings.basicAuthPassword ?? ""}`;
    headers[KintoneHeader.authorization] = `Basic ${base64(pair)}`;
  }
  if (method === "password") {
    if (!settings.username || !settings.password)
      problem = "password sign-in needs username and password";
    headers[KintoneHeader.password] = base64(
      `${settings.username ?? ""}:${settings.password ?? ""}`,
    );
    said.push(`password of user ${settings.username ?? "(none)"}`);
  } else if (method === "apiToken") {
    if (tokens.length === 0) problem = "authMethod is apiToken but no API token is given";
    if (tokens.length > MAX_API_TOKENS)
      problem = `kintone accepts at most ${MAX_API_TOKENS} API tokens`;
    headers[KintoneHeader.apiToken] = tokens.join(",");
    said.push(`API token (${tokens.length} ${tokens.length === 1 ? "token" : "tokens"})`);
  } else if (method === "oauth") {
    if (!settings.oauthToken) problem = "authMethod is oauth but no OAuth token is given";
    if (settings.basicAuthUsername) {
      problem = "OAuth and Basic authentication both need the Authorization header";
    }
    headers[KintoneHeader.authorization] = `Bearer ${settings.oauthToken ?? ""}`;
    said.push("OAuth token");
  } else {
    problem = "no credentials: give --username and --password, --api-token, or --oauth-token";
  }
  if (settings.basicAuthUsername)
    said.push(`Basic authentication as ${settings.basicAuthUsername}`);
  const result: SignIn = { method, headers, description: said.join(", ") || "none" };
  if (problem !== undefined) result.problem = problem;
  return result;
}

// kintone decodes these as UTF-8, so non-ASCII login names and passwords survive.
function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
