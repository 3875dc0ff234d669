// The architecture as lint rules: arrows point one way, and the stub stands apart.
//
//   cli → generate → catalog → collection · environment · certificates
//   generate, collection → apps (reading kintone apps' forms) → environment · certificates
//   cli → runner, doctor (beside each other)      demo → generate, runner, stub
//   every part may use the shared ground: kintone/, files/, process/, errors.ts
//   stub/ uses only that ground, and only cli/ and demo/ load it.

const PARTS = [
  "apps",
  "catalog",
  "collection",
  "environment",
  "certificates",
  "generate",
  "runner",
  "doctor",
  "demo",
  "stub",
  "cli",
];

/** What each part may import besides itself and the shared ground. */
const ALLOWED = {
  apps: ["environment", "certificates"],
  catalog: [],
  collection: ["apps", "catalog", "environment"],
  environment: ["catalog"],
  certificates: [],
  generate: ["apps", "catalog", "collection", "environment", "certificates"],
  runner: ["environment", "certificates"],
  doctor: ["environment", "certificates"],
  demo: ["generate", "runner", "stub"],
  stub: [],
  cli: PARTS,
};

const SHARED = ["kintone", "files", "process"];

/** `import-x/no-restricted-paths` zones: each part, and the shared ground, against the rest. */
export const architectureZones = [
  ...PARTS.filter((part) => part !== "cli").map((part) => ({
    target: `./src/${part}`,
    from: PARTS.filter((other) => other !== part && !ALLOWED[part].includes(other)).map(
      (other) => `./src/${other}`,
    ),
    message: `src/${part} may import only ${[...ALLOWED[part].filter((p) => p !== part), ...SHARED, "errors.ts"].join(", ")}`,
  })),
  ...SHARED.map((shared) => ({
    target: `./src/${shared}`,
    from: PARTS.map((part) => `./src/${part}`),
    message: `src/${shared} is shared ground: it imports no part of the product`,
  })),
  {
    target: "./src/errors.ts",
    from: [...PARTS, ...SHARED].map((part) => `./src/${part}`),
    message: "src/errors.ts imports nothing of the product",
  },
];
