// App folder test script (`generate --app`): runs after each response in an app's folder. The
// step (data the generator puts on the line before this code, `const appData = {"steps": {…},
// "contract": {…}};`, steps keyed by request id) says what to keep from the answer, and for
// `Get form fields` to hold the form to the app's contract.
/* global appData */
(function checkAppStep() {
  const steps = appData.steps;
  const step = Object.prototype.hasOwnProperty.call(steps, pm.info.requestId)
    ? steps[pm.info.requestId]
    : undefined;
  if (step === undefined) return;
  const status = pm.response && pm.response.code;
  // A kintone error already failed the collection's own test, which names it.
  if (!status || status < 200 || status >= 300) return;
  const body = pm.response.json() || {};

  if (step.collect) {
    let ids = [];
    if (body.id !== undefined) ids = [body.id];
    else if (Array.isArray(body.ids)) ids = body.ids;
    else if (Array.isArray(body.records)) {
      ids = body.records
        .filter(function (record) {
          return record.operation === "INSERT";
        })
        .map(function (record) {
          return record.id;
        });
    }
    const created = JSON.parse(pm.collectionVariables.get("kintoneCreatedIds") || "[]");
    ids.forEach(function (id) {
      created.push(String(id));
    });
    pm.collectionVariables.set("kintoneCreatedIds", JSON.stringify(created));
    if (!pm.collectionVariables.get("kintoneRecordId") && created.length > 0) {
      pm.collectionVariables.set("kintoneRecordId", created[0]);
    }
  }
  if (step.readFirst) {
    const first = Array.isArray(body.records) ? body.records[0] : undefined;
    const id = first && first.$id ? String(first.$id.value) : "";
    pm.collectionVariables.set("kintoneReadRecordId", id);
  }
  if (step.checkRecord) {
    const expected = pm.variables.get("kintoneRecordId");
    pm.test("round trip: the record read is the one created", function () {
      const id = body.record && body.record.$id ? String(body.record.$id.value) : "(none)";
      if (id !== expected) throw new Error("expected record " + expected + ", got " + id);
    });
  }
  if (step.lookupKey) {
    // A key the lookup can take: the first record of the related app that holds one.
    const lookup = step.lookupKey;
    let key = "";
    (Array.isArray(body.records) ? body.records : []).some(function (record) {
      const field = Object.prototype.hasOwnProperty.call(record, lookup.field)
        ? record[lookup.field]
        : undefined;
      const value = field && field.value;
      if (value === undefined || value === null || value === "") return false;
      key = String(value);
      return true;
    });
    pm.collectionVariables.set(lookup.variable, key);
    pm.test(
      "lookup " + JSON.stringify(lookup.code) + ": a key from app " + lookup.app,
      function () {
        if (key === "") {
          throw new Error(
            "no record of app " +
              lookup.app +
              " has a value in " +
              JSON.stringify(lookup.field) +
              ": the requests that need the lookup are skipped",
          );
        }
      },
    );
  }
  if (step.cursorRead && body.next === false) {
    // kintone deleted the cursor with its last page: nothing is left for Delete cursor.
    pm.environment.set("cursorId", "");
  }
  if (step.deleted) {
    pm.collectionVariables.set("kintoneCreatedIds", "[]");
    pm.collectionVariables.set("kintoneRecordId", "");
  }
  if (step.contract) checkContract(appData.contract);

  // The form contract: every field the requests were generated from is still there with the same
  // type, options the bodies may write are still offered, the update key is still unique, and no
  // new required field is missing from the bodies. One failed test per field, naming it.
  function checkContract(contract) {
    const properties = body.properties || {};
    const has = function (object, key) {
      return (
        object !== null &&
        typeof object === "object" &&
        Object.prototype.hasOwnProperty.call(object, key)
      );
    };
    const current = function (entry) {
      if (entry.table === undefined)
        return has(properties, entry.code) ? properties[entry.code] : undefined;
      const table = has(properties, entry.table) ? properties[entry.table] : undefined;
      return table && has(table.fields, entry.code) ? table.fields[entry.code] : undefined;
    };
    const problems = [];
    const known = {};
    contract.fields.forEach(function (entry) {
      const where =
        entry.table === undefined ? "" : " (in table " + JSON.stringify(entry.table) + ")";
      const name = "field " + JSON.stringify(entry.code) + where;
      known[(entry.table === undefined ? "" : entry.table + "\u0000") + entry.code] = true;
      const field = current(entry);
      if (field === undefined) {
        problems.push([name, "is gone (renamed or removed); it was " + entry.type]);
        return;
      }
      if (field.type !== entry.type) {
        problems.push([name, "changed type from " + entry.type + " to " + field.type]);
        return;
      }
      if (Array.isArray(entry.options)) {
        const lost = entry.options.filter(function (option) {
          return !has(field.options, option);
        });
        if (lost.length > 0) {
          problems.push([
            name,
            "lost option(s) " +
              lost
                .map(function (option) {
                  return JSON.stringify(option);
                })
                .join(", "),
          ]);
        }
      }
      if (entry.updateKey && field.unique !== true) {
        problems.push([name, "is no longer unique, and the update requests use it as updateKey"]);
      }
      if (entry.emptyInBody && field.required === true) {
        problems.push([name, "is now required, and the bodies leave it empty"]);
      }
    });
    const inputTypes =
      /^(SINGLE_LINE_TEXT|MULTI_LINE_TEXT|RICH_TEXT|NUMBER|LINK|CHECK_BOX|RADIO_BUTTON|DROP_DOWN|MULTI_SELECT|FILE|DATE|TIME|DATETIME|USER_SELECT|ORGANIZATION_SELECT|GROUP_SELECT)$/;
    const lookForNew = function (fields, table) {
      Object.keys(fields || {}).forEach(function (code) {
        const field = fields[code];
        if (field.type === "SUBTABLE") lookForNew(field.fields, code);
        const key = (table === undefined ? "" : table + "\u0000") + code;
        if (!known[key] && field.required === true && inputTypes.test(field.type)) {
          problems.push([
            "field " + JSON.stringify(code),
            "is new and required, and the bodies do not fill it",
          ]);
        }
      });
    };
    lookForNew(properties, undefined);

    if (problems.length === 0) {
      pm.test("form contract: the " + contract.fields.length + " fields match", function () {});
      return;
    }
    problems.forEach(function (problem) {
      pm.test("form contract: " + problem[0], function () {
        throw new Error(problem[0] + " " + problem[1]);
      });
    });
  }
})();
