// App folder pre-request script (`generate --app`): runs before each request of an app's folder.
// What to do for a request is data: the generator puts `const appData = {"steps": {…}};` (JSON) on
// the line before this code, mapping request ids to steps. A step may start a sequence of writes
// (a fresh run id for unique field values, no record yet) and may need variables an earlier
// request set; without them the request is skipped.
/* global appData */
(function prepareAppStep() {
  const steps = appData.steps;
  const step = Object.prototype.hasOwnProperty.call(steps, pm.info.requestId)
    ? steps[pm.info.requestId]
    : undefined;
  if (step === undefined) return;

  if (step.newRun) {
    // Short enough for most length limits, new for every sequence, digits only (number fields).
    const runId = String(Date.now()).slice(-9) + String(Math.floor(Math.random() * 1000));
    pm.collectionVariables.set("kintoneRunId", runId);
    pm.collectionVariables.set("kintoneRecordId", "");
    pm.collectionVariables.set("kintoneCreatedIds", "[]");
  }

  const missing = (step.requires || []).filter(function (name) {
    const value = pm.variables.get(name);
    return value === undefined || value === null || value === "" || value === "[]";
  });
  if (missing.length > 0) {
    console.log("Skipped: " + missing.join(", ") + " not set by an earlier request of this run.");
    if (pm.execution && typeof pm.execution.skipRequest === "function") {
      pm.execution.skipRequest();
    }
  }
})();
