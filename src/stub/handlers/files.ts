import { randomUUID } from "node:crypto";
import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import { requiredString } from "../http/params.js";
import { FileResponse, type RouteContext } from "../router.js";

/** Upload File: one multipart part named `file`; answers a temporary key for attaching. */
export function uploadFile(ctx: RouteContext) {
  const part = ctx.form.find((candidate) => candidate.name === "file");
  if (!part)
    throw invalidParameter(
      "file",
      'Required: send the file as the multipart/form-data part "file".',
    );
  // upload-file doc: 「「Content-Disposition」内のnameには「file」、filenameにはファイル名を指定
  // してください。」 kintone's code for a part without one is not established.
  if (part.filename === undefined || part.filename.trim() === "")
    throw invalidParameter(
      "file",
      'Required: name the file in the "filename" of the part\'s Content-Disposition.',
    );
  const fileKey = randomUUID();
  ctx.state.data.files.set(fileKey, {
    fileKey,
    name: part.filename,
    contentType: part.contentType ?? "application/octet-stream",
    data: part.data.toString("base64"),
    temporary: true,
  });
  ctx.state.touch();
  return { fileKey };
}

/** Download File takes the key an attachment field shows, never an upload's temporary key. */
export function downloadFile(ctx: RouteContext) {
  const fileKey = requiredString(ctx.params, "fileKey");
  const file = ctx.state.data.files.get(fileKey);
  if (!file || file.temporary) throw kintoneError.fileNotFound(fileKey);
  return new FileResponse(Buffer.from(file.data, "base64"), file.contentType, file.name);
}
