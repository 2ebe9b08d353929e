// Seed 001's WebSocketServer hub, spoken on `WS /ws?id=<instance-id>`.
import * as z from "./zod.js";

// ---- client -> server ----
export const HubPing = z.looseObject({ type: z.literal("ping"), data: z.optional(z.unknown()) });
export const HubBroadcast = z.looseObject({ type: z.literal("broadcast"), data: z.unknown() });
export const HubGetStats = z.looseObject({ type: z.literal("get_stats") });
/**
 * Any other object is echoed back whole: one with a type of its own, or none at all (the seed's
 * echo example is `"data": { "your": "message" }`).
 */
export const HubOther = z.looseObject({
  type: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export const HubClientFrame = z.union([HubPing, HubBroadcast, HubGetStats, HubOther]);

// ---- server -> client ----
export const HubConnected = z.object({
  type: z.literal("connected"),
  id: z.string(),
  message: z.literal("Welcome to WebSocket server"),
  totalConnections: z.int(),
});
export const HubEcho = z.object({
  type: z.literal("echo"),
  data: z.unknown(),
  receivedAt: z.number(),
});
export const HubPong = z.object({ type: z.literal("pong"), timestamp: z.number() });
export const HubStats = z.object({
  type: z.literal("stats"),
  data: z.object({
    totalConnections: z.int(),
    yourId: z.string(),
    connectedAt: z.number(),
  }),
});
const presenceData = z.object({ id: z.string(), totalConnections: z.int() });
export const HubUserConnected = z.object({ type: z.literal("user_connected"), data: presenceData });
export const HubUserDisconnected = z.object({
  type: z.literal("user_disconnected"),
  data: presenceData,
});
export const HubBroadcastOut = z.object({ type: z.literal("broadcast"), data: z.unknown() });
export const HubError = z.object({ type: z.literal("error"), message: z.string() });
export const HubServerFrame = z.discriminatedUnion("type", [
  HubConnected,
  HubEcho,
  HubPong,
  HubStats,
  HubUserConnected,
  HubUserDisconnected,
  HubBroadcastOut,
  HubError,
]);

/** `GET /websocket/stats?id=I`: the instance's public numbers, nothing about its users. */
export const HubStatsResponse = z.object({
  id: z.string(),
  totalConnections: z.int(),
  timestamp: z.number(),
});

/** A hub instance's id: 1-64 of A-Z a-z 0-9 _ . - */
export const HUB_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Query parameters of `WS /ws` as the hub (neither `room` nor `name`): the instance id. */
export const HubConnectQuery = z.object({
  id: z._default(z.string().check(z.regex(HUB_ID)), "default"),
});
