import { existsSync, readFileSync } from "node:fs";
import type { Catalog } from "./types.js";

/** Resolves the same from `src/catalog` (tests) and `dist/catalog` (the built CLI). */
const SAMPLES_DIR = new URL("../../templates/samples/", import.meta.url);

/** A plain file name (no folders) of a file in `templates/samples/`. */
export function isSampleName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) &&
    existsSync(new URL(name, SAMPLES_DIR))
  );
}

/**
 * The sample files the catalog's file parts send (`formData[].src`), with their content: `generate`
 * writes them beside the collection, so that an upload sends a real, named file.
 */
export function sampleFiles(catalog: Catalog): { name: string; content: Buffer }[] {
  const names = new Set(
    catalog.areas
      .flatMap((area) => area.operations)
      .flatMap((operation) => operation.formData ?? [])
      .flatMap((part) => (part.src === undefined ? [] : [part.src])),
  );
  return [...names]
    .sort()
    .map((name) => ({ name, content: readFileSync(new URL(name, SAMPLES_DIR)) }));
}
