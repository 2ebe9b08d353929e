// The chat web app's build: React + TypeScript from web/ into dist/web, which the Worker serves
// as static assets (`assets` in wrangler.jsonc). `npm start` runs this build when a source changed.
import path from "node:path";
import { defineConfig } from "vite";

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: "/",
  // Vite 8 compiles TSX with oxc; the automatic runtime needs no `import React`.
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: path.resolve(root, "../dist/web"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  logLevel: "warn",
});
