import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/** A fresh temporary folder for each test, removed after it; read `.path` inside the test. */
export function tempDirEachTest(prefix: string): { readonly path: string } {
  const dir = { path: "" };
  beforeEach(async () => {
    dir.path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(dir.path, { recursive: true, force: true });
  });
  return dir;
}

/**
 * One temporary folder for every test of the file (or of the `describe` it is called in),
 * removed after the last; read `.path` inside a hook or test.
 */
export function tempDirAllTests(prefix: string): { readonly path: string } {
  const dir = { path: "" };
  beforeAll(async () => {
    dir.path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir.path) await rm(dir.path, { recursive: true, force: true });
  });
  return dir;
}
