// End-to-end tests: Node processes with real WebSocket clients against Parlor running in
// workerd exactly as `npm start` runs it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each file starts its own workerd; two at a time fits these 2-core machines.
    maxWorkers: 2,
  },
});
