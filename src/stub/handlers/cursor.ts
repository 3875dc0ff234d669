import { randomUUID } from "node:crypto";
import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import {
  optionalInteger,
  optionalString,
  optionalStringArray,
  requiredString,
} from "../http/params.js";
import { recordOutput } from "../records/output.js";
import type { RouteContext } from "../router.js";
import { CURSOR_LIFETIME_MS, type CursorData } from "../state.js";
import { RecordLimit, runQuery } from "./records.js";

/** kintone allows ten live cursors per domain. */
export const MAX_CURSORS = 10;

export function createCursor(ctx: RouteContext) {
  const app = ctx.app();
  dropExpired(ctx);
  if (ctx.state.cursors.size >= MAX_CURSORS) throw kintoneError.cursorLimit(MAX_CURSORS);
  const size =
    optionalInteger(ctx.params, "size", { min: 1, max: RecordLimit.read }) ??
    RecordLimit.defaultRead;
  const { records, query } = runQuery(ctx, app, optionalString(ctx.params, "query") ?? "");
  if (query.limit !== undefined || query.offset !== undefined) {
    throw invalidParameter("query", "A cursor's query cannot have limit or offset.");
  }
  const fields = optionalStringArray(ctx.params, "fields");
  const cursor: CursorData = {
    id: randomUUID(),
    app: app.id,
    records: records.map((record) => recordOutput(app, record, fields)),
    position: 0,
    size,
    expiresAt: Date.now() + CURSOR_LIFETIME_MS,
  };
  ctx.state.cursors.set(cursor.id, cursor);
  return { id: cursor.id, totalCount: String(records.length) };
}

/** The next page; the cursor is gone once its last page has been read. */
export function readCursor(ctx: RouteContext) {
  const cursor = findCursor(ctx);
  const records = cursor.records.slice(cursor.position, cursor.position + cursor.size);
  cursor.position += records.length;
  const next = cursor.position < cursor.records.length;
  if (next) cursor.expiresAt = Date.now() + CURSOR_LIFETIME_MS;
  else ctx.state.cursors.delete(cursor.id);
  return { records, next };
}

export function deleteCursor(ctx: RouteContext) {
  ctx.state.cursors.delete(findCursor(ctx).id);
  return {};
}

function findCursor(ctx: RouteContext): CursorData {
  dropExpired(ctx);
  const id = requiredString(ctx.params, "id");
  const cursor = ctx.state.cursors.get(id);
  if (!cursor) throw kintoneError.cursorNotFound(id);
  // The cursor's app decides guest space and API token checks, as for any record read.
  ctx.app({ id: String(cursor.app) });
  return cursor;
}

function dropExpired(ctx: RouteContext): void {
  const now = Date.now();
  for (const [id, cursor] of ctx.state.cursors)
    if (cursor.expiresAt <= now) ctx.state.cursors.delete(id);
}
