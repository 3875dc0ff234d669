import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/cli.js";

/**
 * The package as users get it: `npm pack`, then installed from the tarball into an empty project
 * with production dependencies only, and every command run from there. A dev dependency needed at
 * run time, a file missing from `files`, or anything read from this clone fails here.
 */

const PACK_TIMEOUT_MS = 240_000;
let dir: string;
let project: string;
let bin: string;
let packedFiles: string[];
const ownVersion = (
  JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8")) as { version: string }
).version;

function npm(args: string[], cwd: string): string {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", timeout: PACK_TIMEOUT_MS });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

/** The installed command, with a clean environment and the host project as working folder. */
function cli(args: string[], timeout = 60_000) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: project,
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
    timeout,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kintone-postman-packed-"));
  // dist/ is built by the test setup; `prepare` would only build it again.
  const packed = JSON.parse(
    npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], projectRoot),
  ) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed[0]!.files.map((file) => file.path);
  project = join(dir, "project");
  await mkdir(project);
  // An empty project of its own, with a version of its own that --version must not print.
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "host-project", version: "1.0.0", private: true }),
  );
  // The npm cache first; the registry only for what the cache lacks.
  npm(
    [
      "install",
      "--omit=dev",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      join(dir, packed[0]!.filename),
    ],
    project,
  );
  bin = join(project, "node_modules", "kintone-postman", "dist", "cli", "main.js");
}, PACK_TIMEOUT_MS);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the packed package, installed with production dependencies only", () => {
  it("ships dist, templates, README and LICENSE, and no source maps without their sources", () => {
    expect(packedFiles).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
    expect(packedFiles).toContain("dist/cli/main.js");
    expect(packedFiles.some((file) => file.startsWith("templates/scripts/"))).toBe(true);
    expect(packedFiles.some((file) => file.startsWith("templates/catalog/"))).toBe(true);
    expect(packedFiles.filter((file) => file.endsWith(".map"))).toEqual([]);
    expect(packedFiles.filter((file) => /^(src|test|bench|collections)\//.test(file))).toEqual([]);
  });

  it("--help and --version (the tool's own, not the host project's)", () => {
    const help = cli(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("generate");
    const version = cli(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(ownVersion);
  });

  it("stub, generate, doctor and run against that stub", async () => {
    const stubDir = join(dir, "stub");
    const stub = spawn(process.execPath, [bin, "stub", "--secure-access", "--dir", stubDir], {
      cwd: project,
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => stub.on("close", resolve));
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = "";
        stub.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("Press Ctrl+C")) resolve(out);
        });
        stub.on("close", () => reject(new Error(`stub ended early: ${out}`)));
      });
      const url = /listening on (\S+)/.exec(banner)![1]!;
      const passphrase = /pfx passphrase: (\S+)/.exec(banner)![1]!;
      const tls = [
        "--ssl-client-pfx",
        join(stubDir, "client.pfx"),
        "--ssl-client-passphrase",
        passphrase,
        "--ssl-extra-ca-certs",
        join(stubDir, "ca.crt"),
      ];
      const login = ["-u", "Administrator", "-p", "stub-password", "--app", "1"];

      const generated = cli(["generate", "--base-url", url]);
      expect(generated.stderr).toBe("");
      expect(generated.status).toBe(0);

      const doctor = cli(["doctor", ...login, ...tls]);
      expect(doctor.stdout, doctor.stderr).toMatch(/\[ok\]\s+request/);
      expect(doctor.status).toBe(0);

      const run = cli(["run", ...login, ...tls], 120_000);
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/Ran \d+ requests \(0 failed\)/);
      expect(run.status).toBe(0);
    } finally {
      stub.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
