// Tests that run inside workerd itself (the real Workers runtime), with the bindings from
// wrangler.jsonc: the engine and room kinds, exercised through the Worker's own fetch. The entry
// point adds fixture room kinds (test/workers/fixtures/) that drive the engine directly.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: "./test/workers/fixtures/main.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        durableObjects: { FIXTURE_ROOMS: { className: "FixtureRoom", useSQLite: true } },
      },
    }),
  ],
  test: {
    include: ["test/workers/**/*.test.ts"],
    // wrangler.jsonc's `assets` directory must exist before the pool starts workerd.
    globalSetup: ["test/support/build-web.ts"],
    // Waits inside tests are bounded on their own; this only catches a hang on a slow machine.
    testTimeout: 30_000,
  },
});
