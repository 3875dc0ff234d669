import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/**
 * Reference files beside the project (`../shared`). A clone elsewhere has none: tests that need
 * them skip, and say why, instead of failing or passing silently.
 */
export function sharedFile(relative: string): { path: string; present: boolean } {
  const path = fileURLToPath(new URL(`../../../shared/${relative}`, import.meta.url));
  const present = existsSync(path);
  if (!present) console.warn(`skipping: ${path} is absent (tests read it from ../shared)`);
  return { path, present };
}

const cacheDir = fileURLToPath(
  new URL("../../node_modules/.cache/kintone-postman-tests", import.meta.url),
);

/**
 * A YAML file parsed, through a JSON copy kept in node_modules/.cache for as long as the file's
 * size and time stay the same: the yaml package takes seconds on kintone's 1.6 MB OpenAPI
 * description, JSON.parse some milliseconds.
 */
export function readYaml(path: string): unknown {
  const { size, mtimeMs } = statSync(path);
  const cached = join(cacheDir, `${basename(path)}.${size}-${Math.trunc(mtimeMs)}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8"));
  const value: unknown = parse(readFileSync(path, "utf8"));
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed: a test file reading it at the same time sees all of it or none.
  const partial = `${cached}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(value));
  renameSync(partial, cached);
  return value;
}
