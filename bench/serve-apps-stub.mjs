// The child process of `startAppsStub()` (bench-apps.mjs): serves the benchmark's apps until the
// parent closes the channel (also when it dies).
import { startStub } from "../dist/stub/index.js";
import { apps, login } from "./bench-apps.mjs";

const stub = await startStub({
  seed: { users: [{ login: login.username, password: login.password }], apps },
});
process.send({ url: stub.url, caCertPath: stub.caCertPath });
process.on("disconnect", () => void stub.close());
