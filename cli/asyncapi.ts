// Generates docs/asyncapi.yaml (AsyncAPI 3.0) from the zod schemas in src/protocol/.
//
//   tsx cli/asyncapi.ts           writes docs/asyncapi.yaml
//   tsx cli/asyncapi.ts --check   exits 1 when the committed file is out of date
//
// Nothing here is written by hand about a message: each channel's messages are the options of
// its protocol module's `…ClientFrame` / `…ServerFrame` unions, turned into JSON Schema with
// zod's own `z.toJSONSchema`. Adding a frame to a union adds it to the document.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import * as api from "../src/protocol/chat-api.js";
import * as parlor from "../src/protocol/parlor.js";
import * as rooms from "../src/protocol/rooms.js";
import * as hub from "../src/protocol/websocket-hub.js";
import * as z from "../src/protocol/zod.js";

type Module = Record<string, unknown>;
type JsonSchema = Record<string, unknown>;

interface ChannelSpec {
  id: string;
  address: string;
  title: string;
  description: string;
  module: Module;
  /** Prefix for component names when the module's export names are not already unique. */
  prefix: string;
  clientFrame?: string;
  serverFrame?: string;
  query?: string;
  parameters?: Record<string, { description: string }>;
}

export const OUTPUT = "docs/asyncapi.yaml";

async function loadContainers(): Promise<Module | null> {
  // Seed 000's schemas are written by another part of the project; include them when present.
  const file = path.join(root(), "src/protocol/containers.ts");
  if (!fs.existsSync(file)) return null;
  return (await import("../src/protocol/containers.js")) as Module;
}

function root(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
}

function channels(containers: Module | null): ChannelSpec[] {
  const list: ChannelSpec[] = [
    {
      id: "parlor",
      address: "/ws",
      title: "Parlor chat protocol",
      description:
        "Parlor's own chat protocol (seed 004's web app), `WS /ws?room=R&name=N`. Rooms are shared " +
        "with `/api/chat?room=R` and `/rooms/R`. See docs/protocol.md.",
      module: parlor,
      prefix: "Parlor",
      clientFrame: "ParlorClientFrame",
      serverFrame: "ParlorServerFrame",
      query: "ParlorConnectQuery",
    },
    {
      id: "hub",
      address: "/ws",
      title: "WebSocketServer hub (seed 001)",
      description:
        "Seed 001's hub, `WS /ws?id=I` (and `/ws` with neither `room` nor `name`: id `default`). " +
        "Each id is an isolated instance. `GET /websocket/stats?id=I` returns `{id, " +
        "totalConnections, timestamp}`.",
      module: hub,
      prefix: "",
      clientFrame: "HubClientFrame",
      serverFrame: "HubServerFrame",
      query: "HubConnectQuery",
    },
    {
      id: "chatApi",
      address: "/api/chat",
      title: "Chat API (seed 002)",
      description:
        "Seed 002's chat API, `WS /api/chat`: one shared room by default, `?room=` picks another.",
      module: api,
      prefix: "",
      clientFrame: "ApiClientFrame",
      serverFrame: "ApiServerFrame",
      query: "ApiConnectQuery",
    },
    {
      id: "rooms",
      address: "/rooms/{room}",
      title: "Room per path (seed 003)",
      description:
        "Seed 003's room per path, `WS /rooms/<room>?userId=U`, with typing, broadcast and direct " +
        "messages. The seed's own client address, `WS /<room>?userId=U` (`/` is the room " +
        "`default`), reaches the same room when no other endpoint has that path.",
      module: rooms,
      prefix: "",
      clientFrame: "RoomsClientFrame",
      serverFrame: "RoomsServerFrame",
      query: "RoomsConnectQuery",
      parameters: { room: { description: "The room name: 1-64 of A-Z a-z 0-9 - _ ." } },
    },
  ];
  if (containers) {
    list.push({
      id: "containersHub",
      address: "/connectws",
      title: "Containers hub (seed 000)",
      description:
        "Seed 000's hub that container apps (container/main.js) connect back to, `WS /connectws`. " +
        "`GET /connectws` (no upgrade) returns the hub's URL and these message types as JSON.",
      module: containers,
      prefix: "",
      clientFrame: "ContainerClientFrame",
      serverFrame: "ContainerServerFrame",
    });
  }
  return list;
}

function isSchema(value: unknown): value is z.core.$ZodType {
  return value instanceof z.core.$ZodType;
}

/** The options of a union export, each with the name it is exported under. */
function framesOf(module: Module, unionName: string | undefined): Array<[string, z.core.$ZodType]> {
  if (!unionName) return [];
  const union = module[unionName];
  if (!isSchema(union)) return [];
  const options: unknown[] = (union._zod.def as { options?: unknown[] }).options ?? [];
  return options.filter(isSchema).map((option) => {
    const name = Object.entries(module).find(
      ([key, value]) => value === option && key !== unionName,
    )?.[0];
    if (!name) throw new Error(`${unionName} has an option that is not exported by name`);
    return [name, option];
  });
}

function jsonSchema(schema: z.core.$ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-7", io, unrepresentable: "any" });
  delete (out as JsonSchema).$schema;
  return out as JsonSchema;
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = (schema.properties as Record<string, JsonSchema> | undefined)?.type;
  return typeof type?.const === "string" ? type.const : undefined;
}

export async function buildDocument(): Promise<Record<string, unknown>> {
  const containers = await loadContainers();
  const componentMessages: Record<string, unknown> = {};
  const componentSchemas: Record<string, unknown> = {};
  const docChannels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};

  for (const spec of channels(containers)) {
    const messages: Record<string, unknown> = {};
    const refs = { client: [] as string[], server: [] as string[] };
    for (const side of ["client", "server"] as const) {
      const union = side === "client" ? spec.clientFrame : spec.serverFrame;
      for (const [name, schema] of framesOf(spec.module, union)) {
        const key = `${spec.prefix}${name}`;
        if (key in componentSchemas) throw new Error(`two frames are both named ${key}`);
        const payload = jsonSchema(schema, side === "client" ? "input" : "output");
        const type = typeOf(payload);
        const description = z.globalRegistry.get(schema)?.description;
        componentSchemas[key] = payload;
        componentMessages[key] = {
          name: key,
          title: type
            ? `${type} (${side === "client" ? "client → server" : "server → client"})`
            : key,
          ...(description ? { description } : {}),
          contentType: "application/json",
          payload: { $ref: `#/components/schemas/${key}` },
        };
        messages[key] = { $ref: `#/components/messages/${key}` };
        refs[side].push(key);
      }
    }
    const query = spec.query ? spec.module[spec.query] : undefined;
    docChannels[spec.id] = {
      address: spec.address,
      title: spec.title,
      description: spec.description,
      messages,
      ...(spec.parameters ? { parameters: spec.parameters } : {}),
      ...(isSchema(query)
        ? {
            bindings: {
              ws: { method: "GET", query: jsonSchema(query, "input"), bindingVersion: "0.1.0" },
            },
          }
        : {}),
    };
    if (refs.client.length > 0) {
      operations[`${spec.id}Receive`] = {
        action: "receive",
        title: `Frames a client sends on ${spec.title}`,
        channel: { $ref: `#/channels/${spec.id}` },
        messages: refs.client.map((key) => ({ $ref: `#/channels/${spec.id}/messages/${key}` })),
      };
    }
    if (refs.server.length > 0) {
      operations[`${spec.id}Send`] = {
        action: "send",
        title: `Frames the server sends on ${spec.title}`,
        channel: { $ref: `#/channels/${spec.id}` },
        messages: refs.server.map((key) => ({ $ref: `#/channels/${spec.id}/messages/${key}` })),
      };
    }
  }

  return {
    asyncapi: "3.0.0",
    info: {
      title: "Parlor",
      version: JSON.parse(fs.readFileSync(path.join(root(), "package.json"), "utf8")).version,
      description:
        "Real-time rooms on Cloudflare Workers and Durable Objects. Generated by cli/asyncapi.ts " +
        "from the zod schemas in src/protocol/; do not edit by hand. Every frame is one JSON text " +
        "message. `/proxy/<path>` (seed 003's proxy mode) passes frames through unchanged and is " +
        "not described here. Prose: docs/protocols.md.",
    },
    servers: {
      local: {
        host: "localhost:8787",
        protocol: "ws",
        description: "`npm start` (workerd through Miniflare); PORT picks another port",
      },
    },
    defaultContentType: "application/json",
    channels: docChannels,
    operations,
    components: { schemas: componentSchemas, messages: componentMessages },
  };
}

export async function generate(): Promise<string> {
  const header =
    "# Generated by `tsx cli/asyncapi.ts` from the zod schemas in src/protocol/. Do not edit.\n";
  return header + stringify(await buildDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}

async function main(): Promise<void> {
  const file = path.join(root(), OUTPUT);
  const text = await generate();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current !== text) {
      console.error(`${OUTPUT} is out of date: run \`tsx cli/asyncapi.ts\``);
      process.exit(1);
    }
    console.log(`${OUTPUT} is up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${OUTPUT}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
