import js from "@eslint/js";
import tseslint from "typescript-eslint";
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
