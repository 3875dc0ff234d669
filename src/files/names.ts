/**
 * The names `generate` writes and `run`, `doctor` and Postman users look for. Kept apart from the
 * collection builder so that commands reading them load nothing more.
 */
export const SMOKE_FOLDER = "Smoke";

export const DEFAULT_OUT_DIR = "collections";
export const DEFAULT_NAME = "kintone";

const COLLECTION_SUFFIX = ".postman_collection.json";
const ENVIRONMENT_SUFFIX = ".postman_environment.json";
const CERTIFICATES_SUFFIX = ".certificates.json";

/** The three files of a generated collection, from their common base path (`OUT/NAME`). */
export function outputFiles(base: string) {
  return {
    collection: `${base}${COLLECTION_SUFFIX}`,
    environment: `${base}${ENVIRONMENT_SUFFIX}`,
    certificates: `${base}${CERTIFICATES_SUFFIX}`,
  };
}

/** `x.postman_collection.json` (or `x.json`) → `x.postman_environment.json`. */
export function environmentBeside(collectionPath: string): string {
  const base = collectionPath.endsWith(COLLECTION_SUFFIX)
    ? collectionPath.slice(0, -COLLECTION_SUFFIX.length)
    : collectionPath.replace(/\.json$/, "");
  return `${base}${ENVIRONMENT_SUFFIX}`;
}

/** What `run` runs when given no collection: what `generate` writes by default. */
export const DEFAULT_COLLECTION = outputFiles(`${DEFAULT_OUT_DIR}/${DEFAULT_NAME}`).collection;

/** An app's folder, after Smoke: `App 12 · 案件管理`. Its parts are named for the app id alone. */
export function appFolderName(appId: number | string, appName: string): string {
  return `App ${appId} · ${appName}`;
}

/** What reads only (Smoke-safe): the form contract test, records, one record, a cursor. */
export function appReadsFolderName(appId: number | string): string {
  return `App ${appId} · reads`;
}

export function appWritesFolderName(appId: number | string): string {
  return `App ${appId} · writes`;
}

/** Opt-in only: `run --folder "App 12 · round trip"`. */
export function appRoundTripFolderName(appId: number | string): string {
  return `App ${appId} · round trip`;
}
