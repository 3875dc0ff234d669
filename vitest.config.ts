import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Tests that start a server, spawn the built CLI or run Newman: they need dist/ and the shared
 * test certificates (global setup) and take seconds. Everything else is a unit test of
 * milliseconds (`npm run test:unit`).
 */
const e2e = [
  "test/e2e/**/*.test.ts",
  "test/stub/{auth,cli-stub,fidelity,form-app,lifecycle,official-client,records,seed,settings,tls}.test.ts",
  "test/runner/{run,cli-run,pfx,working-dir,run-inputs,newman-options}.test.ts",
  "test/doctor/doctor.test.ts",
  "test/{demo,cli-generate,cli-generate-apps,generate-pfx}.test.ts",
  "test/apps/hostile-forms.test.ts",
  "test/cli/{closed-output,bad-input-bounded}.test.ts",
  "test/kintone/{proxy,proxy-official-client}.test.ts",
  "test/security/canary-secrets.test.ts",
  "test/properties/hostile-input.test.ts",
  "test/release/packed-install.test.ts",
];

export default defineConfig({
  test: {
    // `npm test` measures line coverage of src/ in the test processes (the CLI tests spawn dist/,
    // which this does not see); the figure is printed at the end and quoted in the README.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
    },
    // vitest's default (cores - 1) runs one file at a time on a 2-core machine, each often waiting
    // on a child process or a socket: one file per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
    // Test files share their worker's modules (Newman, node-forge, the collection SDK): loading
    // them once per worker, not once per file, saves about a third of the CPU time. No test mocks
    // a module or keeps state in one; the two that set TMPDIR put it back.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: e2e,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: e2e,
          globalSetup: ["test/global-setup.ts"],
          // Newman runs and TLS handshakes against local servers take seconds on a busy machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
