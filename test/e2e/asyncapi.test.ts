// docs/asyncapi.yaml is generated from src/protocol/ (cli/asyncapi.ts), up to date, and valid
// AsyncAPI 3 according to the AsyncAPI parser.
import fs from "node:fs";
import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generate, OUTPUT } from "../../cli/asyncapi.js";

describe("docs/asyncapi.yaml", () => {
  it("is what cli/asyncapi.ts generates from the current schemas", async () => {
    const committed = fs.readFileSync(OUTPUT, "utf8");
    expect(committed, "run `npx tsx cli/asyncapi.ts` and commit docs/asyncapi.yaml").toBe(
      await generate(),
    );
  });

  it("parses with @asyncapi/parser without errors", async () => {
    const { document, diagnostics } = await new Parser().parse(fs.readFileSync(OUTPUT, "utf8"));
    // Severity 0 is an error; 1 a warning. Informational hints (e.g. "3.1.0 exists") are fine.
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => d.message)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe("3.0.0");
    const addresses = document!
      .channels()
      .all()
      .map((c) => c.address());
    for (const address of ["/ws", "/api/chat", "/rooms/{room}"]) {
      expect(addresses).toContain(address);
    }
    if (fs.existsSync("src/protocol/containers.ts")) expect(addresses).toContain("/connectws");
  });

  it("describes every message type of every seed dialect", async () => {
    const doc = parse(fs.readFileSync(OUTPUT, "utf8")) as {
      channels: Record<string, { messages: Record<string, { $ref: string }> }>;
      components: { schemas: Record<string, { properties?: { type?: { const?: string } } }> };
    };
    const typesOf = (channel: string) =>
      Object.values(doc.channels[channel]?.messages ?? {})
        .map((m) => doc.components.schemas[m.$ref.split("/").pop()!]?.properties?.type?.const)
        .filter(Boolean);
    expect(typesOf("hub")).toEqual(
      expect.arrayContaining([
        "ping",
        "broadcast",
        "get_stats",
        "connected",
        "echo",
        "pong",
        "stats",
        "user_connected",
        "user_disconnected",
        "error",
      ]),
    );
    expect(typesOf("chatApi")).toEqual(
      expect.arrayContaining(["join", "message", "ping", "user_joined", "user_left", "pong"]),
    );
    expect(typesOf("rooms")).toEqual(
      expect.arrayContaining([
        "chat",
        "typing",
        "ping",
        "join",
        "broadcast",
        "direct",
        "user_joined",
        "user_left",
        "pong",
        "error",
      ]),
    );
    expect(typesOf("parlor")).toEqual(
      expect.arrayContaining(["message", "direct", "welcome", "ack", "join", "leave", "error"]),
    );
    if (fs.existsSync("src/protocol/containers.ts")) {
      // Both directions, exactly the types `GET /connectws` lists (container-message is in both).
      const { CONTAINER_MESSAGE_TYPES: types } = await import("../../src/protocol/containers.js");
      expect(typesOf("containersHub").sort()).toEqual(
        [...Object.keys(types.containerToServer), ...Object.keys(types.serverToContainer)].sort(),
      );
    }
  });
});
