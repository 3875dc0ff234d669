// Loaded with `node --import`: reports every module specifier the program resolves, one per
// line on stderr prefixed with "import:", so a test can tell which packages a command loaded.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(specifier, context, next) {" +
        "  process.stderr.write('import:' + specifier + '\\n');" +
        "  return next(specifier, context);" +
        "}",
    ),
);
