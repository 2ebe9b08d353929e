// `npm start` builds the web app only when its sources changed (cli/server/build-web.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildWebApp, sourceHash } from "../../cli/server/build-web.js";

describe("the web app build", () => {
  it("is skipped when nothing changed since the last build", async () => {
    await buildWebApp(); // whatever state the tree was in, now it is built
    const again = await buildWebApp();
    expect(again.built).toBe(false);
    expect(fs.existsSync(path.join(again.outDir, "index.html"))).toBe(true);
  });

  it("notices a change in any input: the app, the SDK, the protocol, the lockfile", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-web-hash-"));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write("web/src/App.tsx", "a");
    write("src/client/index.ts", "b");
    write("src/protocol/parlor.ts", "c");
    write("package-lock.json", "{}");
    write("src/worker/index.ts", "not an input");
    let last = sourceHash(root);
    for (const [file, text] of [
      ["web/src/App.tsx", "a2"],
      ["web/src/new-file.ts", "x"],
      ["src/client/index.ts", "b2"],
      ["src/protocol/parlor.ts", "c2"],
      ["package-lock.json", "{ }"],
    ] as const) {
      write(file, text);
      const next = sourceHash(root);
      expect(next, file).not.toBe(last);
      last = next;
    }
    write("src/worker/index.ts", "the Worker is not part of the app");
    expect(sourceHash(root)).toBe(last);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
