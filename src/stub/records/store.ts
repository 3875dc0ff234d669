import { kintoneError, invalidParameter } from "../http/kintone-error.js";
import { isPlainObject } from "../http/params.js";
import {
  fieldsOf,
  timestamp,
  type AppData,
  type Entity,
  type RecordData,
  type StubState,
} from "../state.js";
import {
  checkUnique,
  lookupEntity,
  valuesForAdd,
  valuesForUpdate,
  type InputContext,
} from "./input.js";

/** Where a record sits in the request body, for kintone's error keys. */
export type PathOf = (index: number) => string;

export function findRecord(app: AppData, id: string): RecordData {
  const record = app.records.get(Number(id));
  if (!record) throw kintoneError.recordNotFound(id);
  return record;
}

/** A revision given (and not -1, kintone's "don't check") must be the record's current one. */
export function checkRevision(current: number, revision: unknown, key = "revision"): void {
  if (revision === undefined || revision === null || revision === "") return;
  const value = Number(revision);
  if (!Number.isInteger(value)) throw invalidParameter(key, "Enter an integer.");
  if (value !== -1 && value !== current) throw kintoneError.revisionConflict();
}

function inputContext(state: StubState, app: AppData, actor: Entity): InputContext {
  return { state, app, fields: fieldsOf(app), actor, errors: {} };
}

function failOnErrors(ctx: InputContext): void {
  if (Object.keys(ctx.errors).length > 0) throw kintoneError.validation(ctx.errors);
}

/** Adds records all-or-nothing: every input is checked before the first one is stored. */
export function addRecords(
  state: StubState,
  app: AppData,
  inputs: unknown[],
  actor: Entity,
  pathOf: PathOf,
): RecordData[] {
  const ctx = inputContext(state, app, actor);
  const batch = new Map<string, Set<string>>();
  const prepared = inputs.map((input, index) => {
    const values = valuesForAdd(ctx, input, pathOf(index));
    checkUnique(ctx, values, pathOf(index), { batch });
    return values;
  });
  failOnErrors(ctx);
  const now = timestamp();
  return prepared.map((values) => {
    const creator = takeSystemValue(app, values, "CREATOR") as Entity | undefined;
    const createdAt = takeSystemValue(app, values, "CREATED_TIME") as string | undefined;
    const modifier = takeSystemValue(app, values, "MODIFIER") as Entity | undefined;
    const updatedAt = takeSystemValue(app, values, "UPDATED_TIME") as string | undefined;
    const record: RecordData = {
      id: app.nextRecordId++,
      revision: 1,
      createdAt: createdAt || now,
      creator: creator ?? actor,
      updatedAt: updatedAt || createdAt || now,
      modifier: modifier ?? creator ?? actor,
      values,
      ...initialStatus(state, app, creator ?? actor),
      comments: [],
      nextCommentId: 1,
    };
    app.records.set(record.id, record);
    return record;
  });
}

/** Moves a CREATOR/CREATED_TIME/… value given on add out of the field values into the record. */
function takeSystemValue(app: AppData, values: Record<string, unknown>, type: string): unknown {
  const field = Object.values(fieldsOf(app)).find((candidate) => candidate.type === type);
  if (!field) return undefined;
  const value = values[field.code];
  delete values[field.code];
  return value ?? undefined;
}

export interface UpdateItem {
  id?: unknown;
  updateKey?: unknown;
  record?: unknown;
  revision?: unknown;
}

export interface UpdateResult {
  record: RecordData;
  operation: "INSERT" | "UPDATE";
}

/**
 * Updates records by id or by `updateKey` (a unique field), all-or-nothing. With `upsert`, an
 * updateKey that matches nothing adds a record holding that key.
 */
export function updateRecords(
  state: StubState,
  app: AppData,
  items: UpdateItem[],
  actor: Entity,
  options: { upsert: boolean; pathOf: PathOf },
): UpdateResult[] {
  const ctx = inputContext(state, app, actor);
  const batch = new Map<string, Set<string>>();
  const plans = items.map((item, index) => {
    const path = options.pathOf(index);
    const target = targetOf(app, item, path);
    const recordPath = path === "" ? "record" : `${path}.record`;
    if (target.record === undefined) {
      if (!options.upsert)
        throw kintoneError.recordNotFound(`${target.key.field} = "${target.key.value}"`);
      return { kind: "insert" as const, input: withKey(item.record, target.key), index };
    }
    checkRevision(
      target.record.revision,
      item.revision,
      path === "" ? "revision" : `${path}.revision`,
    );
    const values = valuesForUpdate(ctx, target.record, item.record, recordPath);
    checkUnique(ctx, values, recordPath, { except: target.record.id, batch });
    return { kind: "update" as const, record: target.record, values };
  });
  failOnErrors(ctx);
  const now = timestamp();
  return plans.map((plan) => {
    if (plan.kind === "insert") {
      const [record] = addRecords(state, app, [plan.input], actor, () =>
        options.pathOf(plan.index),
      );
      return { record: record!, operation: "INSERT" as const };
    }
    Object.assign(plan.record, {
      values: plan.values,
      revision: plan.record.revision + 1,
      updatedAt: now,
      modifier: actor,
    });
    return { record: plan.record, operation: "UPDATE" as const };
  });
}

/** The record an item names; a key that matches nothing comes back for an upsert. */
type Target = { record: RecordData } | { record: undefined; key: { field: string; value: string } };

function targetOf(app: AppData, item: UpdateItem, path: string): Target {
  const at = (key: string) => (path === "" ? key : `${path}.${key}`);
  const hasId = item.id !== undefined && item.id !== null && item.id !== "";
  // update-record doc: "idを指定する場合は、updateKeyを指定できません".
  if (hasId && item.updateKey !== undefined && item.updateKey !== null) {
    throw invalidParameter(at("updateKey"), "Give either id or updateKey, not both.");
  }
  if (hasId) {
    return { record: findRecord(app, String(item.id)) };
  }
  if (!isPlainObject(item.updateKey)) throw invalidParameter(at("id"), "Required.");
  const field = String(item.updateKey.field ?? "");
  const property = fieldsOf(app)[field];
  if (!property || property.unique !== true) {
    throw invalidParameter(at("updateKey.field"), "Give a field whose values must be unique.");
  }
  const value = String(item.updateKey.value ?? "");
  const record = [...app.records.values()].find(
    (candidate) => String(candidate.values[field]) === value,
  );
  return record ? { record } : { record: undefined, key: { field, value } };
}

function withKey(record: unknown, key: { field: string; value: string }): Record<string, unknown> {
  return { ...(isPlainObject(record) ? record : {}), [key.field]: { value: key.value } };
}

/** Deletes records all-or-nothing; `revisions`, when given, pair with `ids` one by one. */
export function deleteRecords(app: AppData, ids: string[], revisions: unknown[] | undefined): void {
  const records = ids.map((id) => findRecord(app, id));
  if (revisions !== undefined && revisions.length !== ids.length) {
    throw invalidParameter("revisions", "Give one revision per id.");
  }
  records.forEach((record, index) =>
    checkRevision(record.revision, revisions?.[index], `revisions[${index}]`),
  );
  for (const record of records) app.records.delete(record.id);
}

/** The status and assignees a new record starts with under process management. */
export function initialStatus(
  state: StubState,
  app: AppData,
  creator: Entity,
): { status: string; assignees: Entity[] } {
  const states = processStates(app);
  const first = states[0];
  return first
    ? { status: first.name, assignees: stateAssignees(state, first, creator) }
    : { status: "", assignees: [] };
}

export interface ProcessState {
  name: string;
  index: string;
  assignee?: { type?: string; entities?: { entity: { type: string; code: string | null } }[] };
}

export function processStates(app: AppData): ProcessState[] {
  const states = (app.live["app/status"]?.states ?? {}) as Record<string, ProcessState>;
  return Object.values(states).sort((a, b) => Number(a.index) - Number(b.index));
}

/** The users a state's assignee list names (CREATOR means the record's creator). */
export function stateAssignees(
  state: StubState,
  processState: ProcessState,
  creator: Entity,
): Entity[] {
  return (processState.assignee?.entities ?? []).flatMap(({ entity }) => {
    if (entity.type === "CREATOR") return [creator];
    if (entity.type !== "USER" || !entity.code) return [];
    try {
      return [lookupEntity(state, "users", entity.code)];
    } catch {
      return [];
    }
  });
}
