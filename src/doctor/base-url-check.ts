import { UsageError } from "../errors.js";
import { normalizeBaseUrl } from "../kintone/base-url.js";
import { KintoneEnvVar } from "../kintone/env-vars.js";
import { check, type Check } from "./check.js";

const NAME = "base URL";

/**
 * The base URL passes the check every command applies (https, or http for a local server; the
 * domain only; no login or password). Its refusal becomes a failed check with the same words.
 */
export function baseUrlCheck(baseUrl: string | undefined): { check: Check; url?: URL } {
  if (baseUrl === undefined || baseUrl === "") {
    return {
      check: check(NAME, "fail", `none given: pass --base-url or set ${KintoneEnvVar.baseUrl}`),
    };
  }
  let origin: string;
  try {
    origin = normalizeBaseUrl(baseUrl);
  } catch (error) {
    if (error instanceof UsageError) return { check: check(NAME, "fail", error.message) };
    throw error;
  }
  return { check: check(NAME, "ok", origin), url: new URL(origin) };
}
