// Seed 000's hub protocol, spoken on `WS /connectws` between the containers hub and the container
// app (container/main.js). Message types are exactly the seed's, plus `error` for bad frames.
import { ROOM_NAME } from "./limits.js";
import { wellFormed } from "./unicode.js";
import * as z from "./zod.js";

/**
 * A container's name in `/container/<name>`. It becomes a Durable Object name and the app's
 * CONTAINER_ID, so it takes the room names' rule: 1-64 of A-Z a-z 0-9 . _ -, no leading mark.
 */
export const CONTAINER_NAME = ROOM_NAME;

const containerId = wellFormed(
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(64)),
);
const timestamp = z.optional(z.string().check(z.maxLength(64)));
const message = wellFormed(z.string().check(z.maxLength(4096)));

// ---- container -> server ---------------------------------------------------------------

export const ContainerConnect = z.object({
  type: z.literal("container-connect"),
  containerId,
  message: z.optional(message),
  timestamp,
});
export const ContainerMessage = z.object({
  type: z.literal("container-message"),
  containerId: z.optional(containerId),
  message,
  timestamp,
});
export const ContainerPong = z.object({
  type: z.literal("container-pong"),
  containerId: z.optional(containerId),
  timestamp,
});

export const ContainerClientFrame = z.discriminatedUnion("type", [
  ContainerConnect,
  ContainerMessage,
  ContainerPong,
]);
export type ContainerClientFrame = z.infer<typeof ContainerClientFrame>;

// ---- server -> container ---------------------------------------------------------------

const isoTimestamp = z.string();
const connectedContainers = z.int().check(z.gte(0));

export const ContainerHubWelcome = z.object({
  type: z.literal("server-welcome"),
  message: z.string(),
  connectionId: z.string(),
  timestamp: isoTimestamp,
});
export type ContainerHubWelcome = z.infer<typeof ContainerHubWelcome>;
export const ContainerHubAck = z.object({
  type: z.literal("server-ack"),
  containerId: z.string(),
  message: z.string(),
  connectedContainers,
  timestamp: isoTimestamp,
});
export type ContainerHubAck = z.infer<typeof ContainerHubAck>;
export const ContainerHubPing = z.object({
  type: z.literal("server-ping"),
  timestamp: isoTimestamp,
});
export type ContainerHubPing = z.infer<typeof ContainerHubPing>;
export const ContainerHubEcho = z.object({
  type: z.literal("server-echo"),
  containerId: z.string(),
  originalMessage: z.string(),
  timestamp: isoTimestamp,
});
export type ContainerHubEcho = z.infer<typeof ContainerHubEcho>;
export const ContainerJoined = z.object({
  type: z.literal("container-joined"),
  containerId: z.string(),
  message: z.optional(z.string()),
  connectedContainers,
  timestamp: isoTimestamp,
});
export type ContainerJoined = z.infer<typeof ContainerJoined>;
/** A `container-message` relayed to the other containers, with who sent it. */
export const ContainerBroadcast = z.object({
  type: z.literal("container-message"),
  containerId: z.string(),
  message: z.string(),
  broadcast: z.literal(true),
  timestamp: isoTimestamp,
});
export type ContainerBroadcast = z.infer<typeof ContainerBroadcast>;
export const ContainerHubError = z.object({
  type: z.literal("error"),
  code: z.string(),
  message: z.string(),
});
export type ContainerHubError = z.infer<typeof ContainerHubError>;

export const ContainerServerFrame = z.discriminatedUnion("type", [
  ContainerHubWelcome,
  ContainerHubAck,
  ContainerHubPing,
  ContainerHubEcho,
  ContainerJoined,
  ContainerBroadcast,
  ContainerHubError,
]);
export type ContainerServerFrame = z.infer<typeof ContainerServerFrame>;

/** For `GET /connectws` and the docs. */
export const CONTAINER_MESSAGE_TYPES = {
  containerToServer: {
    "container-connect": "First frame after connecting: { containerId, message?, timestamp? }",
    "container-message": "A message for the hub: echoed back, relayed to the other containers",
    "container-pong": "The answer to server-ping",
  },
  serverToContainer: {
    "server-welcome": "Sent as soon as the socket opens",
    "server-ack": "Answers container-connect",
    "server-ping": "Keep-alive on a schedule; containers that stop answering are dropped",
    "server-echo": "Answers container-message to its sender",
    "container-joined": "To the other containers when one sends container-connect",
    "container-message": "A relayed container-message (broadcast: true) from another container",
    error: "A bad frame: { code, message }",
  },
} as const;
