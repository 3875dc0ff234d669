import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import {
  idFrom,
  isPlainObject,
  optionalArray,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  requiredArray,
  requiredId,
} from "../http/params.js";
import { selectRecords, type QueryScope } from "../query/evaluate.js";
import { parseQuery, type Query } from "../query/parse.js";
import { recordOutput } from "../records/output.js";
import {
  addRecords,
  deleteRecords,
  findRecord,
  updateRecords,
  type UpdateItem,
} from "../records/store.js";
import type { RouteContext } from "../router.js";
import { fieldsOf, type AppData, type RecordData } from "../state.js";

/** kintone's limits: 500 records per read, 100 per write, offsets up to 10,000. */
export const RecordLimit = { read: 500, defaultRead: 100, write: 100, offset: 10_000 } as const;

export function getRecord(ctx: RouteContext) {
  const app = ctx.app();
  return { record: recordOutput(app, findRecord(app, requiredId(ctx.params, "id"))) };
}

export function addRecord(ctx: RouteContext) {
  const app = ctx.app();
  const [record] = addRecords(ctx.state, app, [ctx.params.record], ctx.actor, () => "record");
  ctx.state.touch();
  return { id: String(record!.id), revision: String(record!.revision) };
}

export function updateRecord(ctx: RouteContext) {
  const app = ctx.app();
  const item: UpdateItem = {
    id: ctx.params.id,
    updateKey: ctx.params.updateKey,
    record: ctx.params.record,
    revision: ctx.params.revision,
  };
  const [result] = updateRecords(ctx.state, app, [item], ctx.actor, {
    upsert: false,
    pathOf: () => "",
  });
  ctx.state.touch();
  return { revision: String(result!.record.revision) };
}

export function getRecords(ctx: RouteContext) {
  const app = ctx.app();
  const { records, query } = runQuery(ctx, app, optionalString(ctx.params, "query") ?? "");
  const offset = query.offset ?? 0;
  const page = records.slice(offset, offset + (query.limit ?? RecordLimit.defaultRead));
  const fields = optionalStringArray(ctx.params, "fields");
  return {
    records: page.map((record) => recordOutput(app, record, fields)),
    totalCount: optionalBoolean(ctx.params, "totalCount") ? String(records.length) : null,
  };
}

export function addRecordsHandler(ctx: RouteContext) {
  const app = ctx.app();
  const inputs = writeBatch(ctx, "records");
  const records = addRecords(ctx.state, app, inputs, ctx.actor, (index) => `records[${index}]`);
  ctx.state.touch();
  return {
    ids: records.map((record) => String(record.id)),
    revisions: records.map((record) => String(record.revision)),
  };
}

export function updateRecordsHandler(ctx: RouteContext) {
  const app = ctx.app();
  const items = writeBatch(ctx, "records").map((item, index) => {
    if (!isPlainObject(item)) throw invalidParameter(`records[${index}]`, "Enter an object.");
    return item as UpdateItem;
  });
  const upsert = optionalBoolean(ctx.params, "upsert") ?? false;
  // An upsert may add records after updating others; the transaction keeps it all-or-nothing.
  const results = ctx.state.transaction(() =>
    updateRecords(ctx.state, app, items, ctx.actor, {
      upsert,
      pathOf: (index) => `records[${index}]`,
    }),
  );
  ctx.state.touch();
  return {
    records: results.map(({ record, operation }) => ({
      id: String(record.id),
      revision: String(record.revision),
      ...(upsert ? { operation } : {}),
    })),
  };
}

export function deleteRecordsHandler(ctx: RouteContext) {
  const app = ctx.app();
  const ids = writeBatch(ctx, "ids").map((id, index) => idFrom(id, `ids[${index}]`));
  deleteRecords(app, ids, optionalArray(ctx.params, "revisions"));
  ctx.state.touch();
  return {};
}

/** Every right granted: the stub's users are administrators and its tokens are per app. */
export function evaluateRecordAcl(ctx: RouteContext) {
  const app = ctx.app();
  const codes = Object.keys(fieldsOf(app));
  return {
    rights: requiredArray(ctx.params, "ids").map((id) => {
      const record = findRecord(app, String(id));
      return {
        id: String(record.id),
        record: { viewable: true, editable: true, deletable: true },
        fields: Object.fromEntries(codes.map((code) => [code, { viewable: true, editable: true }])),
      };
    }),
  };
}

/** Filters and sorts with a query, checking kintone's limits on `limit` and `offset`. */
export function runQuery(
  ctx: RouteContext,
  app: AppData,
  text: string,
  key = "query",
): { records: RecordData[]; query: Query } {
  const query = parseQuery(text, key);
  if (query.limit !== undefined && query.limit > RecordLimit.read)
    throw kintoneError.queryLimit(RecordLimit.read);
  // GAIA_QU02, as an independent emulator observed on a real domain for `offset 10001`.
  if (query.offset !== undefined && query.offset > RecordLimit.offset)
    throw kintoneError.queryOffset(RecordLimit.offset.toLocaleString("en"));
  const account = ctx.state.user(ctx.actor.code);
  const scope: QueryScope = { app, user: ctx.actor };
  if (account?.timeZone !== undefined) scope.timeZone = account.timeZone;
  if (account?.primaryOrganization !== undefined)
    scope.primaryOrganization = account.primaryOrganization;
  return { records: selectRecords(query, scope), query };
}

/** The array of a write, 1 to 100 items. */
export function writeBatch(ctx: RouteContext, key: string): unknown[] {
  const items = requiredArray(ctx.params, key);
  if (items.length > RecordLimit.write) {
    throw invalidParameter(
      key,
      `Up to ${RecordLimit.write} records can be handled in one request.`,
    );
  }
  return items;
}
