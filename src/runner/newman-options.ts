/**
 * `newman run` options that `run` passes to Newman as they are, under Newman's library names.
 * Exports whose folder is missing are created by Newman itself, as its CLI does.
 */
export interface NewmanPassThrough {
  globals?: string;
  globalVar?: { key: string; value?: string }[];
  exportGlobals?: string;
  exportCollection?: string;
  postmanApiKey?: string;
  ignoreRedirects?: boolean;
  silent?: boolean;
  disableUnicode?: boolean;
  timeout?: number;
  timeoutScript?: number;
  insecureFileRead?: boolean;
  cookieJar?: string;
  exportCookieJar?: string;
}

/** `--reporter-htmlextra-export out.html` → `["htmlextra-export", "out.html"]`; a bare flag is true. */
export type ReporterFlag = [name: string, value: string | true];

/**
 * Reporter options as Newman's CLI builds them: `--reporter-<name>-<option>` goes to reporter
 * `<name>` (camel-cased option) when that reporter runs; any other `--reporter-<option>` is
 * generic, given to every reporter, and wins over a reporter's own.
 */
export function reporterOptionsOf(
  flags: readonly ReporterFlag[],
  reporters: readonly string[],
): {
  reporter: Record<string, Record<string, string | true>>;
  reporterOptions: Record<string, string | true>;
} {
  const reporter: Record<string, Record<string, string | true>> = {};
  const generic: Record<string, string | true> = {};
  for (const name of reporters) reporter[name] = {};
  for (const [flag, value] of flags) {
    const name = flag.split("-", 1)[0]!;
    if (reporters.includes(name) && flag.length > name.length + 1) {
      reporter[name]![camelCase(flag.slice(name.length + 1))] = value;
    } else {
      generic[camelCase(flag)] = value;
    }
  }
  for (const name of reporters) Object.assign(reporter[name]!, generic);
  return { reporter, reporterOptions: generic };
}

function camelCase(text: string): string {
  return text.replace(/-([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}
