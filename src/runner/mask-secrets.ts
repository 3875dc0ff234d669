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

/**
 * Keeps secrets out of everything reporters print or write (the JSON report holds each request's
 * headers and the final environment). Sent requests lose their credential headers as soon as
 * their response arrives; secret variables are blanked just before reporters read the summary.
 * This listener must be attached before the reporters, which `runNewman` guarantees.
 */
export const maskSecrets: RunListener = (emitter) => {
  emitter.on(
    "request",
    (_error: unknown, event?: { request?: { headers?: ListLike<HeaderLike> } }) => {
      event?.request?.headers?.each((header) => {
        if (SECRET_HEADERS.has(header.key.toLowerCase())) header.value = MASK;
      });
    },
  );
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

interface SummaryScopes {
  environment?: { values?: ListLike<VariableLike> };
  globals?: { values?: ListLike<VariableLike> };
  collection?: { variables?: ListLike<VariableLike> };
}
