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

  if (!ok || pm.request.method !== "GET") return;
  // What kintone's read APIs always return, keyed by the last path segment of the request
  // (`/k/v1/app/form/fields.json` → fields.json; preview twins answer alike).
  const expected = {
    "app.json": "appId",
    "apps.json": "apps",
    "fields.json": "properties",
    "layout.json": "layout",
    "views.json": "views",
    "settings.json": "name",
    "status.json": "enable",
    "record.json": "record",
    "records.json": "records",
  };
  const path = pm.request.url.getPath();
  const property = expected[path.slice(path.lastIndexOf("/") + 1)];
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
