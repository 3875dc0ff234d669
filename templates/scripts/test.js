// Collection-level test script: runs after every response. A kintone error becomes one failed
// test that names the code, kintone's message and what to do about it; a successful read must
// hold the property kintone always returns for it. (One script per event: each one costs Newman a
// sandbox round trip per request.)
(function checkKintoneResponse() {
  const status = pm.response && pm.response.code;
  if (!status) return; // no response at all (TLS or network failure): Newman reports that itself
  const ok = status >= 200 && status < 300;

  pm.test("kintone answered 2xx", function () {
    if (ok) return;
    let error;
    try {
      error = pm.response.json() || {};
    } catch {
      error = {}; // not JSON: an HTML page from a proxy, say
    }
    const hints = JSON.parse(pm.variables.get("kintoneErrorHints") || "{}");
    const code = typeof error.code === "string" ? error.code : "";
    let sentence = "HTTP " + status;
    if (code !== "") sentence += " " + code;
    if (typeof error.message === "string" && error.message !== "") {
      sentence += ": " + error.message;
    }
    if (code !== "" && Object.prototype.hasOwnProperty.call(hints, code)) {
      sentence += " (hint: " + hints[code] + ")";
    }
    throw new Error(sentence);
  });

  if (!ok) return;
  // The request as kintone names it: `/k/guest/3/v1/app/form/fields.json` → `GET app/form/fields.json`.
  const path = pm.request.url.getPath();
  const api = pm.request.method + " " + path.slice(path.indexOf("/v1/") + 4);

  // Ids that later requests of the collection use, taken from what kintone just created, so a
  // run of the whole collection chains: create a cursor, read it, delete it.
  const captures = {
    "POST records/cursor.json": ["cursorId", "id"],
    "POST records.json": ["newRecordId", "ids"],
    "POST record/comment.json": ["commentId", "id"],
    "POST space/thread.json": ["threadId", "id"],
    "POST template/space.json": ["newSpaceId", "id"],
    "POST file.json": ["uploadedFileKey", "fileKey"],
    "POST plugin.json": ["newPluginId", "id"],
  };
  const capture = captures[api];
  if (capture !== undefined) {
    const value = pm.response.json()[capture[1]];
    const id = Array.isArray(value) ? value[0] : value;
    if (id !== undefined && id !== null) pm.environment.set(capture[0], String(id));
    return;
  }

  // What kintone's read APIs always return (preview twins answer alike).
  const expected = {
    "GET app.json": "appId",
    "GET apps.json": "apps",
    "GET app/form/fields.json": "properties",
    "GET app/form/layout.json": "layout",
    "GET app/views.json": "views",
    "GET app/settings.json": "name",
    "GET app/status.json": "enable",
    "GET record.json": "record",
    "GET records.json": "records",
  };
  const property = expected[api.replace(" preview/", " ")];
  if (property === undefined) return;
  // A plain check: loading chai for `pm.expect` costs more than the whole request.
  pm.test("response has " + property, function () {
    const body = pm.response.json();
    if (
      body === null ||
      typeof body !== "object" ||
      !Object.prototype.hasOwnProperty.call(body, property)
    ) {
      throw new Error("kintone's answer has no " + property);
    }
  });
})();
