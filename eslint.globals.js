// Globals for ESLint, kept small and explicit instead of pulling in the `globals` package.
const node = {
  process: "readonly",
  console: "readonly",
  Buffer: "readonly",
  URL: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  setImmediate: "readonly",
  AbortController: "readonly",
  fetch: "readonly",
  performance: "readonly",
};

const postman = {
  pm: "readonly",
  require: "readonly",
  console: "readonly",
  module: "writable",
};

export default { node, postman };
