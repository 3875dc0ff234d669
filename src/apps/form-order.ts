import type { FormField, LayoutElement } from "./types.js";

/**
 * The form's fields in the order a person sees them: the layout's order (rows, tables, groups),
 * then the fields the layout leaves out (system fields) by code. Deterministic for the same form,
 * so a regenerated collection diffs cleanly.
 */
export function orderedFields(
  fields: Record<string, FormField>,
  layout: readonly LayoutElement[],
): FormField[] {
  const seen: string[] = [];
  const visit = (elements: readonly LayoutElement[]) => {
    for (const element of elements) {
      if (element.type === "SUBTABLE" || element.type === "GROUP") add(element.code);
      if (element.type === "ROW") for (const field of element.fields ?? []) add(field.code);
      if (element.layout) visit(element.layout);
    }
  };
  const add = (code: string | undefined) => {
    if (code !== undefined && Object.hasOwn(fields, code) && !seen.includes(code)) seen.push(code);
  };
  visit(layout);
  const rest = Object.keys(fields)
    .filter((code) => !seen.includes(code))
    .sort(byCode);
  return [...seen, ...rest].map((code) => withOrderedColumns(fields[code]!, layout));
}

/** A subtable's columns in the layout's order, then by code. */
function withOrderedColumns(field: FormField, layout: readonly LayoutElement[]): FormField {
  if (field.type !== "SUBTABLE" || field.fields === undefined) return field;
  const inLayout = findTable(layout, field.code)?.fields?.map((column) => column.code) ?? [];
  const columns = field.fields;
  const codes = [
    ...inLayout.filter(
      (code): code is string => code !== undefined && Object.hasOwn(columns, code),
    ),
  ];
  for (const code of Object.keys(columns).sort(byCode)) if (!codes.includes(code)) codes.push(code);
  return { ...field, fields: Object.fromEntries(codes.map((code) => [code, columns[code]!])) };
}

function findTable(elements: readonly LayoutElement[], code: string): LayoutElement | undefined {
  for (const element of elements) {
    if (element.type === "SUBTABLE" && element.code === code) return element;
    const inner = element.layout ? findTable(element.layout, code) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** Code-point order: independent of the machine's locale. */
function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
