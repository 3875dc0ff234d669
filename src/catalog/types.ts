/**
 * The catalog: every kintone REST API operation as plain data (`templates/catalog/*.json`), in our
 * own words. The collection builder turns it into Postman items; nothing here knows Postman.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface QueryParam {
  /** Encoded the way kintone reads arrays: `fields[0]`, `ids[1]`. */
  key: string;
  /** May hold Postman variables, e.g. `{{appId}}`. */
  value: string;
  description?: string;
}

/**
 * What a request may change, from nothing to the domain's settings. `run --all` runs `reads` and
 * `own-data` only; the others run when named (`--folder`) or with `--allow-settings-changes`.
 */
export const BLAST_RADII = ["reads", "own-data", "existing-data", "settings"] as const;
export type BlastRadius = (typeof BLAST_RADII)[number];

/** A request body value written into the raw JSON as `{{name}}`, unquoted: a JSON variable. */
export interface JsonVariable {
  $json: string;
}

export interface FormDataParam {
  key: string;
  type: "file" | "text";
  /** For text parts. */
  value?: string;
  /**
   * For file parts: a sample in `templates/samples/` that `generate` writes beside the collection.
   * Relative, so Newman finds it from its working directory (`run` uses the collection's folder)
   * and Postman from its own.
   */
  src?: string;
  description?: string;
}

export interface Operation {
  /** Stable, unique, kebab-case (e.g. `records-get`); item ids derive from it. */
  id: string;
  name: string;
  method: HttpMethod;
  /** Below the API root, e.g. `records.json` or `app/form/fields.json`. */
  path: string;
  /** May run in a guest space (`/k/guest/{id}/v1/…`). */
  guest: boolean;
  /** Runs only in a guest space (e.g. updating a guest space's guests). */
  guestOnly?: boolean;
  /** Reads only; never changes data in kintone. */
  readOnly: boolean;
  /** What it may change; `reads` exactly when `readOnly`. */
  radius: BlastRadius;
  /** Deploys app settings: runs only when named itself by `--folder`. */
  deploy?: boolean;
  /** kintone refuses API tokens for it (spaces, guests, plug-ins, statistics…): false. */
  apiToken?: false;
  /** One line in our own words. */
  description: string;
  query?: QueryParam[];
  /** JSON body example, with Postman variables in string values. */
  body?: unknown;
  /** multipart/form-data parts (file upload). */
  formData?: FormDataParam[];
}

export interface CatalogArea {
  /** Folder name in the collection, e.g. `Records`. */
  folder: string;
  description: string;
  operations: Operation[];
}

/** A Smoke request: a read-only catalog operation, optionally with its query replaced. */
export interface SmokeEntry {
  /** Catalog operation id. */
  operation: string;
  name: string;
  query?: QueryParam[];
}

export interface Catalog {
  areas: CatalogArea[];
  smoke: SmokeEntry[];
}
