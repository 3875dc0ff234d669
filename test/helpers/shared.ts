import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
