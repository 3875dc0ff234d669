import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Some tests drive the built CLI (dist/) as a user would; build it once before any test runs.
    globalSetup: ["test/global-setup.ts"],
    // Newman runs and TLS handshakes against local servers take seconds on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // `npm test` measures line coverage of src/ in the test processes (the CLI tests spawn dist/,
    // which this does not see); the figure is printed at the end and quoted in the README.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
    },
  },
});
