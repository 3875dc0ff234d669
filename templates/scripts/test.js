// Collection-level test script: runs after every response. A kintone error becomes one failed
// test that names the code, kintone's message and what to do about it.
(function checkKintoneResponse() {
  const status = pm.response && pm.response.code;
  if (!status) return; // no response at all (TLS or network failure): Newman reports that itself

  pm.test("kintone answered 2xx", function () {
    if (status >= 200 && status < 300) return;
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
})();
