import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { Collection, Url } from "postman-collection";

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

/**
 * The collection SDK as judge: a generated collection, loaded with `new Collection(json)` and
 * written back with `toJSON()`, must come back equal. `generate` builds plain JSON without the
 * SDK, so this is what keeps it honest. `url.raw` is checked apart: the SDK rebuilds it from the
 * URL's parts (`Url#toString()`) and leaves it out of `toJSON()`.
 */
export function sdkRoundTrip(collection: object): {
  sent: unknown;
  returned: unknown;
  rawUrls: { raw: unknown; sdk: string }[];
} {
  const sent = structuredClone(collection) as Record<string, unknown>;
  const rawUrls: { raw: unknown; sdk: string }[] = [];
  forEachUrl(sent, (url) => {
    const { raw, ...parts } = url;
    rawUrls.push({ raw, sdk: new Url(parts).toString() });
    delete url.raw;
  });
  const returned = new Collection(collection).toJSON() as Record<string, unknown>;
  delete returned._; // the SDK's own bookkeeping, not part of the v2.1 format
  return { sent, returned: JSON.parse(JSON.stringify(returned)), rawUrls };
}

function forEachUrl(node: Record<string, unknown>, visit: (url: Record<string, unknown>) => void) {
  const url = (node.request as { url?: unknown } | undefined)?.url;
  if (typeof url === "object" && url !== null) visit(url as Record<string, unknown>);
  for (const child of (node.item as Record<string, unknown>[] | undefined) ?? []) {
    forEachUrl(child, visit);
  }
}
