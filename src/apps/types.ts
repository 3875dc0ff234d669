/** A field as `app/form/fields.json` describes it (subtables list their columns in `fields`). */
export interface FormField {
  type: string;
  code: string;
  label?: string;
  required?: boolean;
  unique?: boolean;
  defaultValue?: unknown;
  defaultNowValue?: boolean;
  options?: Record<string, { label: string; index: string }>;
  fields?: Record<string, FormField>;
  minLength?: string;
  maxLength?: string;
  minValue?: string;
  maxValue?: string;
  protocol?: string;
  entities?: { type: string; code: string }[];
  lookup?: {
    relatedApp: { app: string; code?: string };
    relatedKeyField: string;
    fieldMappings: { field: string; relatedField: string }[];
  } | null;
  [property: string]: unknown;
}

/** `app/form/layout.json`: rows, subtables and groups (which nest rows). */
export interface LayoutElement {
  type: string;
  code?: string;
  fields?: { type: string; code?: string }[];
  layout?: LayoutElement[];
}

/** `app/status.json`. */
export interface ProcessSettings {
  enable: boolean | null;
  states?: Record<
    string,
    {
      name: string;
      index: string;
      assignee?: { type: string; entities: { entity: { type: string; code: string | null } }[] };
    }
  > | null;
  actions?: { name: string; from: string; to: string }[] | null;
}

/** Everything `generate --app` reads about one app. */
export interface AppForm {
  id: number;
  name: string;
  fields: Record<string, FormField>;
  layout: LayoutElement[];
  process: ProcessSettings;
}
