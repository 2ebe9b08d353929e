// Types for `cloudflare:test` / `cloudflare:workers` in tests: Parlor's bindings and exports.
type ParlorEnv = import("../../src/worker/env.js").Env;
declare namespace Cloudflare {
  interface Env extends ParlorEnv {}
  interface GlobalProps {
    mainModule: typeof import("../../src/worker/index.js");
  }
}
