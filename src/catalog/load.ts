import { readdirSync, readFileSync } from "node:fs";
import { isSampleName } from "./samples.js";
import {
  BLAST_RADII,
  type BlastRadius,
  type Catalog,
  type CatalogArea,
  type HttpMethod,
  type Operation,
  type SmokeEntry,
} from "./types.js";

/** Resolves the same from `src/catalog` (tests) and `dist/catalog` (the built CLI). */
const CATALOG_DIR = new URL("../../templates/catalog/", import.meta.url);

/** `NN-name.json`: the number fixes the folder order in the collection. */
const AREA_FILE = /^\d{2}-[a-z0-9-]+\.json$/;
const SMOKE_FILE = "smoke.json";

const METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "DELETE"];
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const VARIABLE = /^[A-Za-z][A-Za-z0-9_]*$/;

// Unknown keys are rejected so that a misspelt key ("qurey") fails loudly instead of vanishing.
const AREA_KEYS = new Set(["folder", "description", "operations"]);
const OPERATION_KEYS = new Set([
  "id",
  "name",
  "method",
  "path",
  "guest",
  "guestOnly",
  "readOnly",
  "radius",
  "deploy",
  "apiToken",
  "description",
  "query",
  "body",
  "formData",
]);
const PARAM_KEYS = new Set(["key", "value", "description"]);
const FORM_KEYS = new Set(["key", "type", "value", "src", "description"]);
const SMOKE_KEYS = new Set(["operation", "name", "query"]);

/** Where each part came from, for error messages; defaults to positions. */
export interface CatalogSources {
  areas?: readonly string[];
  smoke?: string;
}

/** Reads `templates/catalog` (or `dir`) and validates it; throws on any problem. */
export function loadCatalog(dir: URL = CATALOG_DIR): Catalog {
  // Sorted so that file names alone decide the folder order, whatever the file system returns.
  const names = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  const stray = names.filter((name) => name !== SMOKE_FILE && !AREA_FILE.test(name));
  if (stray.length > 0) {
    throw new Error(`catalog: unexpected file(s) ${stray.join(", ")} (expected NN-name.json)`);
  }
  if (!names.includes(SMOKE_FILE)) throw new Error(`catalog: ${SMOKE_FILE} is missing`);
  const areaFiles = names.filter((name) => AREA_FILE.test(name));
  const areas = areaFiles.map((name) => readJson(dir, name));
  const smoke = readJson(dir, SMOKE_FILE);
  return validateCatalog(areas, smoke, { areas: areaFiles, smoke: SMOKE_FILE });
}

/** Every operation, in folder order. */
export function catalogOperations(catalog: Catalog): Operation[] {
  return catalog.areas.flatMap((area) => area.operations);
}

/**
 * Checks parsed catalog data and returns it typed. Pure, so that tests can feed it broken data.
 * All problems are collected and reported together, each prefixed with its source.
 */
export function validateCatalog(
  areas: readonly unknown[],
  smoke: unknown,
  source: CatalogSources = {},
): Catalog {
  const problems: string[] = [];
  const folders = new Set<string>();
  const operations = new Map<string, Operation>();
  const endpoints = new Set<string>();

  areas.forEach((area, index) => {
    const where = source.areas?.[index] ?? `areas[${index}]`;
    const report = (problem: string): void => void problems.push(`${where}: ${problem}`);
    if (!isRecord(area)) return report("must be an object");
    unknownKeys(area, AREA_KEYS, "", report);
    if (!nonEmptyString(area.folder)) report("folder must be a non-empty string");
    else if (folders.has(area.folder)) report(`folder "${area.folder}" is used twice`);
    else folders.add(area.folder);
    if (!oneLine(area.description)) report("description must be one non-empty line");
    if (!Array.isArray(area.operations) || area.operations.length === 0) {
      return report("operations must be a non-empty array");
    }
    area.operations.forEach((op: unknown, i: number) => {
      const label = isRecord(op) && typeof op.id === "string" ? op.id : `#${i}`;
      checkOperation(op, (problem) => report(`operation ${label}: ${problem}`));
      if (!isRecord(op) || typeof op.id !== "string") return;
      if (operations.has(op.id)) report(`operation ${op.id}: duplicate id`);
      const endpoint = `${String(op.method)} ${String(op.path)}`;
      if (endpoints.has(endpoint)) report(`operation ${op.id}: ${endpoint} is listed twice`);
      operations.set(op.id, op as unknown as Operation);
      endpoints.add(endpoint);
    });
  });

  const smokeWhere = source.smoke ?? "smoke";
  const reportSmoke = (problem: string): void => void problems.push(`${smokeWhere}: ${problem}`);
  if (!Array.isArray(smoke)) {
    reportSmoke("must be an array");
  } else {
    smoke.forEach((entry: unknown, i: number) => {
      const report = (problem: string): void => reportSmoke(`entry ${i}: ${problem}`);
      if (!isRecord(entry)) return report("must be an object");
      unknownKeys(entry, SMOKE_KEYS, "", report);
      if (!nonEmptyString(entry.name)) report("name must be a non-empty string");
      if (entry.query !== undefined) checkParams(entry.query, "query", report);
      const op = typeof entry.operation === "string" ? operations.get(entry.operation) : undefined;
      if (op === undefined) {
        report(`operation ${JSON.stringify(entry.operation)} is not in the catalog`);
      } else if (op.method !== "GET" || !op.readOnly) {
        // Smoke runs against real apps; it must never change anything.
        report(`operation ${op.id} is not a read-only GET`);
      }
    });
  }

  if (problems.length > 0) throw new Error(`Invalid catalog:\n  ${problems.join("\n  ")}`);
  return { areas: areas as CatalogArea[], smoke: smoke as SmokeEntry[] };
}

function checkOperation(op: unknown, report: (problem: string) => void): void {
  if (!isRecord(op)) return report("must be an object");
  unknownKeys(op, OPERATION_KEYS, "", report);
  if (typeof op.id !== "string" || !KEBAB.test(op.id)) report("id must be kebab-case");
  if (!nonEmptyString(op.name)) report("name must be a non-empty string");
  if (!METHODS.includes(op.method as HttpMethod)) {
    report(`method must be one of ${METHODS.join(", ")}`);
  }
  if (!nonEmptyString(op.path) || op.path.startsWith("/")) {
    report("path must be relative to the API root (no leading slash)");
  }
  if (typeof op.guest !== "boolean") report("guest must be a boolean");
  if (op.guestOnly !== undefined && (op.guestOnly !== true || op.guest !== true)) {
    report("guestOnly, when given, must be true, and the operation guest-capable");
  }
  if (typeof op.readOnly !== "boolean") report("readOnly must be a boolean");
  if (op.method === "GET" && op.readOnly !== true) report("a GET must be readOnly");
  if (!BLAST_RADII.includes(op.radius as BlastRadius)) {
    report(`radius must be one of ${BLAST_RADII.join(", ")}`);
  } else if ((op.radius === "reads") !== (op.readOnly === true)) {
    // The radius decides what `run --all` sends: a write marked as a read would slip through.
    report('radius is "reads" exactly when readOnly is true');
  }
  if (op.apiToken !== undefined && op.apiToken !== false) {
    report("apiToken, when given, must be false (the API takes no API token)");
  }
  if (op.deploy !== undefined && (op.deploy !== true || op.radius !== "settings")) {
    report('deploy, when given, must be true, and the radius "settings"');
  }
  if (op.body !== undefined) checkJsonVariables(op.body, report);
  if (!oneLine(op.description)) report("description must be one non-empty line");
  if (op.query !== undefined) checkParams(op.query, "query", report);
  if (op.formData !== undefined) checkFormData(op.formData, report);
  if (op.body !== undefined && op.formData !== undefined) report("has both body and formData");
  if ((op.method === "GET" || op.method === "DELETE") && (op.body ?? op.formData) !== undefined) {
    // kintone reads GET and DELETE parameters from the query string only.
    report(`a ${op.method} takes query parameters, not a body`);
  }
}

/** `{"$json": "name"}` stands for a whole JSON value held by a variable, and nothing else. */
function checkJsonVariables(value: unknown, report: (problem: string) => void): void {
  if (Array.isArray(value)) return value.forEach((item) => checkJsonVariables(item, report));
  if (!isRecord(value)) return;
  if ("$json" in value) {
    if (
      Object.keys(value).length !== 1 ||
      typeof value.$json !== "string" ||
      !VARIABLE.test(value.$json)
    ) {
      report('a {"$json": NAME} body value takes one variable name and no other key');
    }
    return;
  }
  Object.values(value).forEach((item) => checkJsonVariables(item, report));
}

function checkParams(params: unknown, what: string, report: (problem: string) => void): void {
  if (!Array.isArray(params)) return report(`${what} must be an array`);
  params.forEach((param: unknown, i: number) => {
    const at = `${what}[${i}]`;
    if (!isRecord(param)) return report(`${at} must be an object`);
    unknownKeys(param, PARAM_KEYS, at, report);
    if (!nonEmptyString(param.key)) report(`${at}.key must be a non-empty string`);
    if (typeof param.value !== "string") report(`${at}.value must be a string`);
    if (param.description !== undefined && !oneLine(param.description)) {
      report(`${at}.description must be one non-empty line`);
    }
  });
}

function checkFormData(parts: unknown, report: (problem: string) => void): void {
  if (!Array.isArray(parts)) return report("formData must be an array");
  parts.forEach((part: unknown, i: number) => {
    const at = `formData[${i}]`;
    if (!isRecord(part)) return report(`${at} must be an object`);
    unknownKeys(part, FORM_KEYS, at, report);
    if (!nonEmptyString(part.key)) report(`${at}.key must be a non-empty string`);
    if (part.type !== "file" && part.type !== "text") report(`${at}.type must be file or text`);
    if (part.src !== undefined && (part.type !== "file" || !isSampleName(part.src))) {
      report(`${at}.src must be, on a file part, the name of a file in templates/samples`);
    }
  });
}

function readJson(dir: URL, name: string): unknown {
  try {
    return JSON.parse(readFileSync(new URL(name, dir), "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${name}: ${reason}`, { cause: error });
  }
}

function unknownKeys(
  value: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  at: string,
  report: (problem: string) => void,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) report(`${at ? `${at}.` : ""}unknown key "${key}"`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function oneLine(value: unknown): boolean {
  return nonEmptyString(value) && !/[\r\n]/.test(value);
}
