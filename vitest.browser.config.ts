// Browser tests: the web app in Debian's Chromium (playwright-core) against Parlor started
// exactly as `npm start` starts it. One file at a time: each runs workerd and a browser.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/support/build-web.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
