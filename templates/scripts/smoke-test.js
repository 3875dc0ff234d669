// Test script of the Smoke folder: besides the 2xx check of the collection, each read-only call
// must answer JSON holding the property kintone always returns for it.
(function checkSmokeResponse() {
  if (!pm.response || pm.response.code < 200 || pm.response.code >= 300) return;

  // Keyed by the last path segment of the request (`/k/v1/app/form/fields.json` → fields.json).
  const expected = {
    "app.json": "appId",
    "fields.json": "properties",
    "layout.json": "layout",
    "views.json": "views",
    "settings.json": "name",
    "status.json": "enable",
    "records.json": "records",
    "apps.json": "apps",
  };
  const path = pm.request.url.getPath();
  const property = expected[path.slice(path.lastIndexOf("/") + 1)];
  if (property === undefined) return;

  pm.test("response has " + property, function () {
    pm.expect(pm.response.json()).to.have.property(property);
  });
})();
