// Collection-level pre-request script: runs inside Postman (and Newman) before every request.
// It signs the request the way kintone expects, from environment variables only, and points
// guest-capable requests at the guest space when `guestSpaceId` is set.
(function signKintoneRequest() {
  const MAX_API_TOKENS = 9;

  // An unset, undefined or empty variable all mean "not given".
  function variable(key) {
    const value = pm.variables.get(key);
    return value === undefined || value === null ? "" : String(value);
  }

  // The sandbox's String#trim is a shim that builds its regular expressions on every call, and
  // most values here are empty.
  function trimmed(text) {
    return text === "" ? text : text.trim();
  }

  // Skip the request and say why as a failed test, so Postman and Newman both show the sentence.
  function refuse(sentence) {
    pm.test("kintone request settings", function () {
      throw new Error(sentence);
    });
    skipRequest();
  }

  // Skip the request, saying why on the console: a skip that is no failure.
  function skip(line) {
    console.log(line);
    skipRequest();
  }

  function skipRequest() {
    if (pm.execution && typeof pm.execution.skipRequest === "function") {
      pm.execution.skipRequest();
    }
  }

  // base64 of the UTF-8 bytes: `btoa` would break on non-Latin-1 login names and passwords.
  // (`CryptoJS` is a sandbox global already; declaring it again is a SyntaxError.)
  function base64Utf8(text) {
    const cryptoJs = require("crypto-js");
    return cryptoJs.enc.Base64.stringify(cryptoJs.enc.Utf8.parse(text));
  }

  // The credential headers, also kept for this request's test script alone (a local variable,
  // never saved): reporters see the sent headers masked, and the test script may need to read
  // something back with the same credentials.
  const signed = {};
  function sign(header) {
    pm.request.headers.upsert(header);
    signed[header.key] = header.value;
  }

  const url = pm.request.url.toString();
  const guestSpaceId = trimmed(variable("guestSpaceId"));
  if (guestSpaceId !== "" && !/^[1-9][0-9]*$/.test(guestSpaceId)) {
    return refuse('guestSpaceId must be a positive integer, not "' + guestSpaceId + '".');
  }
  // Set only when it changes: the collection's own apiRoot is v1, and every variable set travels
  // back out of the sandbox.
  const apiRoot = guestSpaceId === "" ? "v1" : "guest/" + guestSpaceId + "/v1";
  if (variable("apiRoot") !== apiRoot) pm.variables.set("apiRoot", apiRoot);
  // A request that exists only in guest spaces names guestSpaceId in its URL; without one it has
  // nothing to address, so it is skipped rather than sent to a path kintone would refuse.
  if (guestSpaceId === "" && url.indexOf("{{guestSpaceId}}") !== -1) {
    skip("Skipped: this request runs only in a guest space; set guestSpaceId to send it.");
    return;
  }

  // Each credential is read only when the method needs it: every read walks all variable scopes.
  let method = trimmed(variable("authMethod")) || "auto";
  const username = method === "auto" || method === "password" ? variable("username") : "";
  const password = username === "" ? "" : variable("password");
  let apiTokens = null;
  function readApiTokens() {
    if (apiTokens === null) {
      apiTokens = variable("apiToken")
        .split(",")
        .map(function (token) {
          return token.trim();
        })
        .filter(function (token) {
          return token !== "";
        });
    }
    return apiTokens;
  }
  const basicAuthUsername = variable("basicAuthUsername");

  // In auto mode password beats API token beats OAuth, as cli-kintone and the official client do.
  if (method === "auto") {
    if (username !== "" && password !== "") method = "password";
    else if (readApiTokens().length > 0) method = "apiToken";
    else if (variable("oauthToken") !== "") method = "oauth";
    else {
      return refuse(
        "No kintone credentials: set username and password, apiToken, or oauthToken in the environment.",
      );
    }
  }

  if (method === "password") {
    if (username === "" || password === "") {
      return refuse("authMethod is password: set username and password in the environment.");
    }
    sign({
      key: "X-Cybozu-Authorization",
      value: base64Utf8(username + ":" + password),
    });
  } else if (method === "apiToken") {
    const tokens = readApiTokens();
    if (tokens.length === 0) {
      return refuse("authMethod is apiToken: set apiToken in the environment.");
    }
    if (tokens.length > MAX_API_TOKENS) {
      return refuse(
        "apiToken holds " +
          tokens.length +
          " tokens; kintone accepts at most " +
          MAX_API_TOKENS +
          ".",
      );
    }
    // kintone refuses API tokens for some APIs (spaces, guests, plug-ins, statistics): skipped with
    // one line, which `kintone-postman run` gathers into its summary, rather than sent to fail.
    // The variable is a JSON list of item ids, which hold no quotes: a search finds one without
    // parsing the list.
    if (
      pm.info &&
      variable("kintoneNoApiToken").indexOf(JSON.stringify(String(pm.info.requestId))) !== -1
    ) {
      skip(
        "Skipped: kintone takes no API token for this request; sign in with username and password.",
      );
      return;
    }
    sign({ key: "X-Cybozu-API-Token", value: tokens.join(",") });
  } else if (method === "oauth") {
    const oauthToken = variable("oauthToken");
    if (oauthToken === "") {
      return refuse("authMethod is oauth: set oauthToken in the environment.");
    }
    if (basicAuthUsername !== "") {
      return refuse(
        "OAuth and Basic authentication both need the Authorization header: clear basicAuthUsername or use another authMethod.",
      );
    }
    sign({ key: "Authorization", value: "Bearer " + oauthToken });
  } else {
    return refuse('authMethod must be auto, password, apiToken or oauth, not "' + method + '".');
  }

  // Domains behind Basic authentication want it in front of kintone's own credentials.
  if (basicAuthUsername !== "") {
    sign({
      key: "Authorization",
      value: "Basic " + base64Utf8(basicAuthUsername + ":" + variable("basicAuthPassword")),
    });
  }
  pm.variables.set("kintoneSignedHeaders", JSON.stringify(signed));

  // A request that names an empty variable would address nothing (or the wrong thing): it is
  // skipped with one line naming the variables, which `kintone-postman run` gathers into its
  // summary. Most are set by an earlier request of the run (newRecordId, threadId, …). The
  // collection's own bookkeeping variables (kintone…) are left to the scripts that set them: an
  // app folder's script sets its run id after this one has run, and checks what it needs itself.
  const body = pm.request.body;
  let text = url;
  if (body && body.mode === "raw") text += " " + (body.raw || "");
  if (body && body.mode === "formdata") text += " " + JSON.stringify(body.formdata || []);
  const missing = [];
  for (const match of text.matchAll(/\{\{([A-Za-z][A-Za-z0-9_]*)\}\}/g)) {
    const name = match[1];
    const ours = name === "apiRoot" || name.indexOf("kintone") === 0;
    if (!ours && missing.indexOf(name) === -1 && variable(name) === "") {
      missing.push(name);
    }
  }
  if (missing.length > 0) {
    skip("Skipped: no value for " + missing.join(", ") + ".");
  }
})();
