import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import {
  isPlainObject,
  optionalString,
  optionalStringArray,
  requiredId,
  requiredString,
  type Params,
} from "../http/params.js";
import { lookupEntity } from "../records/input.js";
import { isProcessEnabled } from "../records/output.js";
import {
  checkRevision,
  findRecord,
  processStates,
  stateAssignees,
  type ProcessState,
} from "../records/store.js";
import type { RouteContext } from "../router.js";
import { fieldsOf, timestamp, type AppData, type RecordData } from "../state.js";
import { writeBatch } from "./records.js";

const MAX_ASSIGNEES = 100;

export function updateStatus(ctx: RouteContext) {
  const app = processApp(ctx);
  const record = runAction(ctx, app, ctx.params, "");
  ctx.state.touch();
  return { revision: String(record.revision) };
}

/** Up to 100 status changes, all-or-nothing. */
export function updateStatuses(ctx: RouteContext) {
  const app = processApp(ctx);
  const items = writeBatch(ctx, "records");
  const records = ctx.state.transaction(() =>
    items.map((item, index) => {
      if (!isPlainObject(item)) throw invalidParameter(`records[${index}]`, "Enter an object.");
      return runAction(ctx, app, item, `records[${index}].`);
    }),
  );
  ctx.state.touch();
  return {
    records: records.map((record) => ({
      id: String(record.id),
      revision: String(record.revision),
    })),
  };
}

export function updateAssignees(ctx: RouteContext) {
  const app = processApp(ctx);
  const record = findRecord(app, requiredId(ctx.params, "id"));
  checkRevision(record.revision, ctx.params.revision);
  const codes = optionalStringArray(ctx.params, "assignees") ?? [];
  if (codes.length > MAX_ASSIGNEES)
    throw invalidParameter("assignees", `Give at most ${MAX_ASSIGNEES} assignees.`);
  record.assignees = codes.map((code) => lookupEntity(ctx.state, "users", code));
  touchRecord(ctx, record, 1);
  ctx.state.touch();
  return { revision: String(record.revision) };
}

function processApp(ctx: RouteContext): AppData {
  const app = ctx.app();
  if (!isProcessEnabled(app)) {
    throw kintoneError.statusActionUnavailable("Process management is not enabled for this app.");
  }
  return app;
}

/** Runs a process action on one record; kintone counts an action as two revisions. */
function runAction(ctx: RouteContext, app: AppData, item: Params, prefix: string): RecordData {
  const record = findRecord(app, requiredId(item, "id"));
  checkRevision(record.revision, item.revision, `${prefix}revision`);
  const name = requiredString(item, "action");
  const actions = (app.live["app/status"]?.actions ?? []) as {
    name: string;
    from: string;
    to: string;
  }[];
  const action = actions.find(
    (candidate) => candidate.name === name && candidate.from === record.status,
  );
  if (!action) {
    throw kintoneError.statusActionUnavailable(
      `The action "${name}" cannot be run on a record whose status is "${record.status}".`,
    );
  }
  const states = processStates(app);
  const next = states.find((state) => state.name === action.to);
  const assignee = optionalString(item, "assignee");
  if (!assignee && next && assigneeRequired(ctx, app, states, next, record)) {
    throw invalidParameter(
      `${prefix}assignee`,
      `Required: the status "${next.name}" has its assignee picked from a list of users.`,
    );
  }
  record.status = action.to;
  record.assignees = assignee
    ? [lookupEntity(ctx.state, "users", assignee)]
    : next
      ? stateAssignees(ctx.state, next, record.creator)
      : [];
  touchRecord(ctx, record, 2);
  return record;
}

/**
 * kintone's update-status doc makes `assignee` required when the next status's assignee is
 * "select from the following users" (type ONE) and someone can be selected, or when the action
 * returns to the first status and that status has assignees.
 */
function assigneeRequired(
  ctx: RouteContext,
  app: AppData,
  states: ProcessState[],
  next: ProcessState,
  record: RecordData,
): boolean {
  const selectable = hasSelectableUser(ctx, app, next, record);
  if (next === states[0]) return selectable;
  return next.assignee?.type === "ONE" && selectable;
}

/**
 * Whether a status offers anyone: named users, the creator, users a field of the record holds
 * (FIELD_ENTITY, kintone's default for a new process), or a group or department, whose members
 * the stub does not know and counts as someone.
 */
function hasSelectableUser(
  ctx: RouteContext,
  app: AppData,
  state: ProcessState,
  record: RecordData,
): boolean {
  if (stateAssignees(ctx.state, state, record.creator).length > 0) return true;
  const fields = fieldsOf(app);
  return (state.assignee?.entities ?? []).some(({ entity }) => {
    if (entity.type === "GROUP" || entity.type === "ORGANIZATION") return true;
    if (entity.type !== "FIELD_ENTITY" || entity.code === null) return false;
    const field = fields[entity.code];
    if (field?.type === "CREATOR" || field?.type === "MODIFIER") return true;
    const value = record.values[entity.code];
    return Array.isArray(value) && value.length > 0;
  });
}

function touchRecord(ctx: RouteContext, record: RecordData, revisions: number): void {
  record.revision += revisions;
  record.updatedAt = timestamp();
  record.modifier = ctx.actor;
}
