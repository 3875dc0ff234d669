import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";

/** Postman's official v2.1 collection schema as an ajv validator. */
export function collectionValidator(schemaPath: string): ValidateFunction {
  const schema = stripSchemaKeywords(JSON.parse(readFileSync(schemaPath, "utf8")));
  return new Ajv({ strict: false, allErrors: true }).compile(schema as object);
}

// Each merged sub-schema still names its draft in `$schema`; ajv knows draft-07 by default, so
// the keyword only gets in the way.
function stripSchemaKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSchemaKeywords);
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== "$schema")
      .map(([key, value]) => [key, stripSchemaKeywords(value)]),
  );
}
