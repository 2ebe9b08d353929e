// Vitest global setup: the web app's assets (dist/web) exist and match the sources before any
// test starts. The workers pool refuses to start without the `assets` directory of
// wrangler.jsonc, and browser tests need the current build.
import { buildWebApp } from "../../cli/server/build-web.js";

export default async function setup(): Promise<void> {
  await buildWebApp();
}
