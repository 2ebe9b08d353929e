// What the Worker's isolate evaluates at startup. Every object it creates is marked by every full
// garbage collection, and those pauses are the latency tail (docs/performance.md, "A smaller
// isolate"). So the wire schemas use zod's mini build, and the rooms REST API, with classic zod
// and the OpenAPI stack it needs, is reached only through a dynamic import: evaluated on the
// first REST request, never by a room.
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { WORKERD_BUNDLE } from "../../cli/server/build.js";

/** The modules the entry imports statically, transitively: what runs when the isolate starts. */
function eagerModules(metafile: Metafile, entry: string): Set<string> {
  const eager = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (eager.has(file)) continue;
    eager.add(file);
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.kind !== "dynamic-import" && !imported.external) pending.push(imported.path);
    }
  }
  return eager;
}

async function metafileOf(entry: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    ...WORKERD_BUNDLE,
    write: false,
    outdir: path.resolve(".parlor/worker-bundle-test"),
    metafile: true,
  });
  return result.metafile;
}

const HEAVY =
  /node_modules\/(zod\/v4\/classic|zod\/v4\/locales\/(?!en\.js)|@hono\/zod-openapi|@asteasolutions)\//;

describe("the Worker's bundle", () => {
  it("starts without classic zod or the OpenAPI stack; the REST API brings them on demand", async () => {
    const entry = "src/worker/index.ts";
    const metafile = await metafileOf(entry);
    const inputs = Object.keys(metafile.inputs);
    // They are in the bundle (the REST API needs them) ...
    expect(inputs.some((file) => HEAVY.test(file))).toBe(true);
    // ... and the rooms REST API is imported dynamically ...
    const eager = eagerModules(metafile, entry);
    expect(inputs).toContain("src/worker/routes/rooms-api.ts");
    expect(eager.has("src/worker/routes/rooms-api.ts")).toBe(false);
    // ... so nothing the isolate evaluates at startup pulls them in.
    expect([...eager].filter((file) => HEAVY.test(file))).toEqual([]);
    expect([...eager].some((file) => file.includes("node_modules/zod/v4/mini/"))).toBe(true);
  });

  it("the wire schemas alone stay small: zod mini, only the parts they use", async () => {
    const metafile = await metafileOf("src/protocol/parlor.ts");
    const bytes = Object.values(metafile.outputs)[0]?.bytes ?? 0;
    expect(Object.keys(metafile.inputs).filter((file) => HEAVY.test(file))).toEqual([]);
    // Classic zod alone bundles to about 750 KB; these schemas with mini to well under 150 KB.
    expect(bytes).toBeLessThan(150_000);
  });
});
