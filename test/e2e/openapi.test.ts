// docs/openapi.json is generated from the rooms API's routes and zod schemas (cli/openapi.ts),
// up to date, and names every path and status code the rooms API answers with.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generate, OUTPUT } from "../../cli/openapi.js";

describe("docs/openapi.json", () => {
  it("is what cli/openapi.ts generates from the current routes", () => {
    expect(fs.readFileSync(OUTPUT, "utf8"), "run `npm run openapi` and commit it").toBe(generate());
  });

  it("documents every route with its status codes", () => {
    const doc = JSON.parse(fs.readFileSync(OUTPUT, "utf8")) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    const codes = (path: string, method: string) =>
      Object.keys(doc.paths[path]?.[method]?.responses ?? {}).sort();
    expect(codes("/api/rooms", "get")).toEqual(["200", "400"]);
    expect(codes("/api/rooms", "post")).toEqual(["201", "400", "409"]);
    expect(codes("/api/rooms/{name}", "delete")).toEqual(["204", "401", "403", "404"]);
    expect(codes("/api/rooms/{name}/join", "post")).toEqual(["200", "403", "429"]);
    expect(codes("/api/rooms/{name}/messages/{seq}", "delete")).toEqual([
      "204",
      "401",
      "403",
      "404",
    ]);
    expect(codes("/api/rooms/{name}/kick", "post")).toEqual(["204", "400", "401", "403", "404"]);
    expect(codes("/api/rooms/{name}/bans", "post")).toEqual(["204", "400", "401", "403", "404"]);
    expect(codes("/api/rooms/{name}/bans/{user}", "delete")).toEqual(["204", "401", "403", "404"]);
    expect(codes("/api/rooms/{name}/search", "get")).toEqual(["200", "400", "401", "403"]);
  });
});
