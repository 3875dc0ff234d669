import type { FieldProperty } from "../fields.js";
import { KintoneError } from "../http/kintone-error.js";
import type { InputContext } from "./input.js";

/** A lookup field's settings, as `app/form/fields.json` reports them. */
export interface LookupSetting {
  relatedApp: { app: string; code?: string };
  relatedKeyField: string;
  fieldMappings: { field: string; relatedField: string }[];
}

export function lookupOf(field: FieldProperty): LookupSetting | undefined {
  const lookup = field.lookup as LookupSetting | null | undefined;
  return lookup && typeof lookup === "object" ? lookup : undefined;
}

/** Codes of the fields that lookups fill: kintone computes them, a client never writes them. */
export function lookupCopiedCodes(fields: Record<string, FieldProperty>): Set<string> {
  const codes = new Set<string>();
  for (const field of Object.values(fields)) {
    for (const mapping of lookupOf(field)?.fieldMappings ?? []) codes.add(mapping.field);
  }
  return codes;
}

/**
 * Runs the lookups whose key field the client gave: the key must match one record of the related
 * app (else GAIA_LO04, as kintone answers), whose mapped values are copied; an emptied key empties
 * the copies. `given` holds the codes the request named.
 */
export function applyLookups(
  ctx: InputContext,
  values: Record<string, unknown>,
  given: ReadonlySet<string>,
): void {
  for (const field of Object.values(ctx.fields)) {
    const lookup = lookupOf(field);
    if (!lookup || !given.has(field.code)) continue;
    const key = values[field.code];
    if (key === "" || key === null || key === undefined) {
      for (const mapping of lookup.fieldMappings)
        values[mapping.field] = emptyLike(values, mapping.field);
      continue;
    }
    const related = ctx.state.app(Number(lookup.relatedApp.app));
    const match = related
      ? [...related.records.values()].find(
          (record) => String(relatedValue(record, lookup.relatedKeyField)) === String(key),
        )
      : undefined;
    if (!match) {
      throw new KintoneError(
        400,
        "GAIA_LO04",
        `The value "${String(key)}" of the field "${field.code}" is not in the lookup's related app, or it cannot be viewed.`,
      );
    }
    for (const mapping of lookup.fieldMappings) {
      values[mapping.field] = structuredClone(relatedValue(match, mapping.relatedField));
    }
  }
}

function relatedValue(record: { id: number; values: Record<string, unknown> }, code: string) {
  return Object.hasOwn(record.values, code) ? record.values[code] : String(record.id);
}

function emptyLike(values: Record<string, unknown>, code: string): unknown {
  return Array.isArray(values[code]) ? [] : "";
}
