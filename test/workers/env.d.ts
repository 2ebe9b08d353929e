// Types for `cloudflare:test` / `cloudflare:workers` in tests: Parlor's bindings and exports,
// plus the fixture room kinds bound by vitest.workers.config.ts.
type ParlorEnv = import("../../src/worker/env.js").Env;
declare namespace Cloudflare {
  interface Env extends ParlorEnv {
    FIXTURE_ROOMS: DurableObjectNamespace<import("./fixtures/fixture-room.js").FixtureRoom>;
  }
  interface GlobalProps {
    mainModule: typeof import("./fixtures/main.js");
  }
}
