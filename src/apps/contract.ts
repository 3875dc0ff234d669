import type { FormField } from "./types.js";

/** One field as the collection was generated from it: what the form contract test compares. */
export interface ContractField {
  code: string;
  type: string;
  /** The subtable holding the field, for a column. */
  table?: string;
  required: boolean;
  /** Option names of a choice field: bodies write them. */
  options?: string[];
  /** The field is the `updateKey` of the update and upsert requests. */
  updateKey?: true;
  /** The bodies leave the field empty (an optional lookup or selection with no choice). */
  emptyInBody?: true;
}

export interface FormContract {
  appId: string;
  fields: ContractField[];
}

/** Types that only lay out the form; the contract leaves them out. */
const LAYOUT_TYPES = new Set(["GROUP", "REFERENCE_TABLE", "LABEL", "SPACER", "HR"]);

/** The contract of a form, fields in the collection's order. */
export function formContract(
  appId: number,
  fields: readonly FormField[],
  updateKey: string | undefined,
  emptyInBody: (field: FormField) => boolean,
): FormContract {
  const entry = (field: FormField, table?: string): ContractField => {
    const options = field.options ? Object.keys(field.options).sort() : undefined;
    return {
      code: field.code,
      type: field.type,
      ...(table === undefined ? {} : { table }),
      required: field.required === true,
      ...(options === undefined ? {} : { options }),
      ...(table === undefined && field.code === updateKey ? { updateKey: true as const } : {}),
      ...(emptyInBody(field) ? { emptyInBody: true as const } : {}),
    };
  };
  return {
    appId: String(appId),
    fields: fields
      .filter((field) => !LAYOUT_TYPES.has(field.type))
      .flatMap((field) => [
        entry(field),
        ...Object.values(field.fields ?? {}).map((column) => entry(column, field.code)),
      ]),
  };
}
