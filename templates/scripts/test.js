// Collection-level test script: runs after every response. A kintone error becomes one failed
// test that names the code, kintone's message and what to do about it; a successful read must
// hold the property kintone always returns for it. (One script per event: each one costs Newman a
// sandbox round trip per request.)
(function checkKintoneResponse() {
  const status = pm.response && pm.response.code;
  if (!status) return; // no response at all (TLS or network failure): Newman reports that itself
  const ok = status >= 200 && status < 300;

  // The answer's JSON, parsed once: each pm.response.json() decodes and parses the body again.
  let parsed;
  function responseJson() {
    if (parsed === undefined) parsed = { value: pm.response.json() };
    return parsed.value;
  }

  pm.test("kintone answered 2xx", function () {
    if (ok) return;
    let error;
    try {
      error = responseJson() || {};
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
  // run of the whole collection chains: create a cursor, read it, delete it. A list of ids sets
  // one numbered variable per id (`batchRecordId1`, `batchRecordId2`).
  const captures = {
    "POST records/cursor.json": ["cursorId", "id"],
    "POST record.json": ["newRecordId", "id"],
    "POST records.json": ["batchRecordId", "ids"],
    "POST record/comment.json": ["commentId", "id"],
    "POST space/thread.json": ["threadId", "id"],
    "POST template/space.json": ["newSpaceId", "id"],
    "POST file.json": ["uploadedFileKey", "fileKey"],
    "POST plugin.json": ["newPluginId", "id"],
  };
  const capture = captures[api];
  if (capture !== undefined) {
    const value = responseJson()[capture[1]];
    if (Array.isArray(value)) {
      value.forEach(function (id, index) {
        pm.environment.set(capture[0] + (index + 1), String(id));
      });
    } else if (value !== undefined && value !== null) {
      pm.environment.set(capture[0], String(value));
    }
    if (api === "POST record.json" && value) keepAddedRecord(String(value));
    if (api === "POST file.json" && value) attachUpload(String(value));
    return;
  }

  // The app and id of the record this run added last, together: an upload is attached only to a
  // record the run created, in the app it was created in, whatever appId or newRecordId say now.
  function keepAddedRecord(recordId) {
    let app;
    try {
      const raw = pm.request.body && pm.request.body.raw;
      app = JSON.parse(pm.variables.replaceIn(String(raw))).app;
    } catch {
      app = undefined;
    }
    if (app === undefined || app === null || String(app) === "") return;
    pm.environment.set("kintoneAddedRecord", JSON.stringify({ app: String(app), id: recordId }));
  }

  // Downloads take the key a record's attachment field holds, not the key an upload returns. When
  // nothing gave fileKey yet, the upload is attached to the record this run added
  // (kintoneAddedRecord, deleted by the run's end) and the key kintone then shows in that field becomes fileKey: the
  // record is read for the code of its first attachment field, updated, and read again.
  function attachUpload(uploadedKey) {
    if (String(pm.variables.get("fileKey") || "") !== "") return;
    let added;
    try {
      added = JSON.parse(pm.variables.get("kintoneAddedRecord") || "null");
    } catch {
      added = null;
    }
    if (!added || !added.app || !added.id) return;
    const appId = String(added.app);
    const recordId = String(added.id);
    const recordUrl = pm.variables
      .replaceIn(pm.request.url.toString())
      .replace(/file\.json.*$/, "record.json");
    const signed = JSON.parse(pm.variables.get("kintoneSignedHeaders") || "{}");
    const header = Object.keys(signed).map(function (key) {
      return { key: key, value: signed[key] };
    });
    const read = function (then) {
      pm.sendRequest(
        {
          url:
            recordUrl + "?app=" + encodeURIComponent(appId) + "&id=" + encodeURIComponent(recordId),
          method: "GET",
          header: header,
        },
        then,
      );
    };
    read(function (error, response) {
      const field =
        !error && response.code === 200 ? firstFileField(response.json().record) : undefined;
      if (field === undefined) return; // no attachment field: Download file says to set fileKey
      const record = {};
      record[field] = { value: [{ fileKey: uploadedKey }] };
      pm.sendRequest(
        {
          url: recordUrl,
          method: "PUT",
          header: header.concat([{ key: "Content-Type", value: "application/json" }]),
          body: { mode: "raw", raw: JSON.stringify({ app: appId, id: recordId, record: record }) },
        },
        function (putError, putResponse) {
          pm.test("upload attached to the record the run added", function () {
            if (putError) throw new Error("could not attach the upload: " + putError.message);
            if (putResponse.code !== 200) {
              throw new Error(
                "could not attach the upload: HTTP " + putResponse.code + " " + putResponse.text(),
              );
            }
          });
          if (putError || putResponse.code !== 200) return;
          read(function (readError, again) {
            if (readError || again.code !== 200) return;
            const attached = (again.json().record || {})[field];
            const files = attached && attached.value;
            if (Array.isArray(files) && files.length > 0 && files[0].fileKey) {
              pm.environment.set("fileKey", String(files[0].fileKey));
            }
          });
        },
      );
    });
  }

  function firstFileField(record) {
    return Object.keys(record || {}).find(function (code) {
      return record[code] && record[code].type === "FILE";
    });
  }

  // Values a whole run needs, found in what it reads, so that credentials and appId are enough.
  // A value the user set always wins.
  function discover(key, find) {
    if (String(pm.variables.get(key) || "") !== "") return;
    let found;
    try {
      found = find(responseJson());
    } catch {
      found = undefined; // an answer of another shape: nothing to learn from it
    }
    if (found !== undefined && found !== null && found !== "") {
      pm.environment.set(key, String(found));
    }
  }
  function fieldsOfType(record, type) {
    return Object.keys(record || {})
      .map(function (code) {
        return record[code];
      })
      .filter(function (field) {
        return field && field.type === type;
      });
  }
  if (api === "GET records.json") {
    discover("recordId", function (body) {
      const ids = fieldsOfType(body.records[0], "__ID__");
      return ids.length > 0 ? ids[0].value : undefined;
    });
  } else if (api === "GET record.json") {
    // The record's creator: a user kintone knows, for requests that name one (assignees).
    discover("userCode", function (body) {
      const creators = fieldsOfType(body.record, "CREATOR");
      return creators.length > 0 ? creators[0].value.code : undefined;
    });
    // Downloads take the key a record's attachment field holds.
    discover("fileKey", function (body) {
      const files = fieldsOfType(body.record, "FILE").filter(function (field) {
        return Array.isArray(field.value) && field.value.length > 0;
      });
      return files.length > 0 ? files[0].value[0].fileKey : undefined;
    });
  } else if (api === "GET app.json") {
    discover("spaceId", function (body) {
      return body.spaceId;
    });
  } else if (api === "GET plugins.json") {
    discover("pluginId", function (body) {
      return body.plugins[0].id;
    });
  }

  // Permissions and members: the Get request keeps what it read, the Update request after it
  // writes exactly that back, then reads again and checks that nothing changed.
  const writeBacks = {
    "app/acl.json": ["appAclRights", "rights", "app"],
    "record/acl.json": ["recordAclRights", "rights", "app"],
    "field/acl.json": ["fieldAclRights", "rights", "app"],
    "preview/app/acl.json": ["previewAppAclRights", "rights", "app"],
    "preview/record/acl.json": ["previewRecordAclRights", "rights", "app"],
    "preview/field/acl.json": ["previewFieldAclRights", "rights", "app"],
    "space/members.json": ["spaceMembers", "members", "id"],
  };
  const resource = api.slice(api.indexOf(" ") + 1);
  const writeBack = writeBacks[resource];
  if (writeBack !== undefined && pm.request.method === "GET") {
    pm.environment.set(writeBack[0], JSON.stringify(responseJson()[writeBack[1]]));
  } else if (writeBack !== undefined && pm.request.method === "PUT") {
    checkWrittenBack(writeBack);
    return;
  }

  function checkWrittenBack(entry) {
    const written = pm.variables.replaceIn(pm.request.body.raw);
    const idValue = JSON.parse(written)[entry[2]];
    const url = pm.variables.replaceIn(pm.request.url.toString()).split("?")[0];
    // The credentials the pre-request script signed with: the sent headers are masked by now.
    const signed = JSON.parse(pm.variables.get("kintoneSignedHeaders") || "{}");
    pm.sendRequest(
      {
        url: url + "?" + entry[2] + "=" + encodeURIComponent(idValue),
        method: "GET",
        header: Object.keys(signed).map(function (key) {
          return { key: key, value: signed[key] };
        }),
      },
      function (error, response) {
        pm.test(entry[1] + " read back unchanged", function () {
          if (error) throw new Error("could not read " + entry[1] + " back: " + error.message);
          const now = JSON.stringify(response.json()[entry[1]]);
          if (now !== pm.variables.get(entry[0])) {
            throw new Error(entry[1] + " changed: " + now);
          }
        });
      },
    );
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
    const body = responseJson();
    if (
      body === null ||
      typeof body !== "object" ||
      !Object.prototype.hasOwnProperty.call(body, property)
    ) {
      throw new Error("kintone's answer has no " + property);
    }
  });
})();
