import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import tseslint from "typescript-eslint";
import { architectureZones } from "./eslint.architecture.js";
import globals from "./eslint.globals.js";

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "collections/", "node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { globals: globals.node },
  },
  {
    // The layout is the architecture: no import cycles, and no import against the pipeline's
    // direction (see eslint.architecture.js). A new one fails the lint step.
    files: ["src/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { zones: architectureZones }],
    },
  },
  {
    // Scripts that run inside Postman's sandbox: `pm` and friends are globals there.
    files: ["templates/scripts/**/*.js"],
    languageOptions: { sourceType: "script", globals: globals.postman },
    // `require` is the sandbox's own loader for its bundled libraries, not a module import.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["*.js", "**/*.mjs", "bench/**/*.js"],
    languageOptions: { globals: globals.node },
  },
);
