import {
  addAppPlugins,
  deployApps,
  deployStatus,
  settingsRoutes,
} from "./handlers/app-settings.js";
import {
  createPreviewApp,
  getApp,
  getAppStatistics,
  getApps,
  getForm,
  moveApp,
} from "./handlers/apps.js";
import { bulkRequest } from "./handlers/bulk.js";
import { addComment, deleteComment, getComments } from "./handlers/comments.js";
import { createCursor, deleteCursor, readCursor } from "./handlers/cursor.js";
import { downloadFile, uploadFile } from "./handlers/files.js";
import {
  getPluginApps,
  getPlugins,
  getRequiredPlugins,
  installPlugin,
  uninstallPlugin,
  updatePlugin,
} from "./handlers/plugins.js";
import { updateAssignees, updateStatus, updateStatuses } from "./handlers/process.js";
import {
  addRecord,
  addRecordsHandler,
  deleteRecordsHandler,
  evaluateRecordAcl,
  getRecord,
  getRecords,
  updateRecord,
  updateRecordsHandler,
} from "./handlers/records.js";
import { search } from "./handlers/search.js";
import {
  addGuests,
  addThread,
  addThreadComment,
  createSpaceFromTemplate,
  deleteGuests,
  deleteSpace,
  getSpace,
  getSpaceMembers,
  getSpaceStatistics,
  updateSpace,
  updateSpaceBody,
  updateSpaceGuests,
  updateSpaceMembers,
  updateThread,
} from "./handlers/spaces.js";
import type { HttpMethod, Route } from "./router.js";

/**
 * Every API the stub answers, by method and path below `/k/v1/` (or `/k/guest/{id}/v1/`).
 * `permission` is what an API token needs on the addressed app; `tokens: false` marks APIs
 * kintone refuses for API tokens; `bulk` marks what bulkRequest.json may carry.
 */
export const ROUTES: readonly Route[] = [
  // Records
  { method: "GET", path: "record.json", handler: getRecord, permission: "viewRecord" },
  { method: "POST", path: "record.json", handler: addRecord, permission: "addRecord", bulk: true },
  {
    method: "PUT",
    path: "record.json",
    handler: updateRecord,
    permission: "editRecord",
    bulk: true,
  },
  { method: "GET", path: "records.json", handler: getRecords, permission: "viewRecord" },
  {
    method: "POST",
    path: "records.json",
    handler: addRecordsHandler,
    permission: "addRecord",
    bulk: true,
  },
  {
    method: "PUT",
    path: "records.json",
    handler: updateRecordsHandler,
    permission: "editRecord",
    bulk: true,
  },
  {
    method: "DELETE",
    path: "records.json",
    handler: deleteRecordsHandler,
    permission: "deleteRecord",
    bulk: true,
  },
  { method: "POST", path: "records/cursor.json", handler: createCursor, permission: "viewRecord" },
  { method: "GET", path: "records/cursor.json", handler: readCursor, permission: "viewRecord" },
  {
    method: "DELETE",
    path: "records/cursor.json",
    handler: deleteCursor,
    permission: "viewRecord",
  },
  {
    method: "GET",
    path: "records/acl/evaluate.json",
    handler: evaluateRecordAcl,
    permission: "viewRecord",
  },
  { method: "GET", path: "record/comments.json", handler: getComments, permission: "viewRecord" },
  { method: "POST", path: "record/comment.json", handler: addComment, permission: "viewRecord" },
  {
    method: "DELETE",
    path: "record/comment.json",
    handler: deleteComment,
    permission: "viewRecord",
  },
  {
    method: "PUT",
    path: "record/status.json",
    handler: updateStatus,
    permission: "editRecord",
    bulk: true,
  },
  {
    method: "PUT",
    path: "records/status.json",
    handler: updateStatuses,
    permission: "editRecord",
    bulk: true,
  },
  {
    method: "PUT",
    path: "record/assignees.json",
    handler: updateAssignees,
    permission: "editRecord",
    bulk: true,
  },
  { method: "POST", path: "bulkRequest.json", handler: bulkRequest },
  { method: "POST", path: "file.json", handler: uploadFile },
  { method: "GET", path: "file.json", handler: downloadFile },
  // Apps
  { method: "GET", path: "app.json", handler: getApp },
  { method: "GET", path: "apps.json", handler: getApps },
  { method: "GET", path: "apps/statistics.json", handler: getAppStatistics, tokens: false },
  { method: "GET", path: "form.json", handler: (ctx) => getForm(ctx, false) },
  { method: "GET", path: "preview/form.json", handler: (ctx) => getForm(ctx, true) },
  { method: "POST", path: "preview/app.json", handler: createPreviewApp, tokens: false },
  { method: "POST", path: "app/move.json", handler: moveApp, tokens: false },
  { method: "POST", path: "preview/app/deploy.json", handler: deployApps, permission: "editApp" },
  { method: "GET", path: "preview/app/deploy.json", handler: deployStatus },
  {
    method: "POST",
    path: "preview/app/plugins.json",
    handler: addAppPlugins,
    permission: "editApp",
  },
  ...settingsRoutes(),
  // Spaces and guests
  { method: "GET", path: "space.json", handler: getSpace, tokens: false },
  { method: "PUT", path: "space.json", handler: updateSpace, tokens: false },
  { method: "DELETE", path: "space.json", handler: deleteSpace, tokens: false },
  { method: "PUT", path: "space/body.json", handler: updateSpaceBody, tokens: false },
  { method: "GET", path: "space/members.json", handler: getSpaceMembers, tokens: false },
  { method: "PUT", path: "space/members.json", handler: updateSpaceMembers, tokens: false },
  { method: "PUT", path: "space/guests.json", handler: updateSpaceGuests, tokens: false },
  { method: "POST", path: "space/thread.json", handler: addThread, tokens: false },
  { method: "PUT", path: "space/thread.json", handler: updateThread, tokens: false },
  { method: "POST", path: "space/thread/comment.json", handler: addThreadComment, tokens: false },
  { method: "GET", path: "spaces/statistics.json", handler: getSpaceStatistics, tokens: false },
  { method: "POST", path: "template/space.json", handler: createSpaceFromTemplate, tokens: false },
  { method: "POST", path: "guests.json", handler: addGuests, tokens: false },
  { method: "DELETE", path: "guests.json", handler: deleteGuests, tokens: false },
  // Plug-ins
  { method: "GET", path: "plugins.json", handler: getPlugins, tokens: false },
  { method: "GET", path: "plugins/required.json", handler: getRequiredPlugins, tokens: false },
  { method: "GET", path: "plugin/apps.json", handler: getPluginApps, tokens: false },
  { method: "POST", path: "plugin.json", handler: installPlugin, tokens: false },
  { method: "PUT", path: "plugin.json", handler: updatePlugin, tokens: false },
  { method: "DELETE", path: "plugin.json", handler: uninstallPlugin, tokens: false },
  // Search
  { method: "POST", path: "search.json", handler: search, tokens: false },
];

const byKey = new Map(ROUTES.map((route) => [`${route.method} ${route.path}`, route]));

export function findRoute(method: HttpMethod, path: string): Route | undefined {
  return byKey.get(`${method} ${path}`);
}
