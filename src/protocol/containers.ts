// Seed 000's hub protocol, spoken on `WS /connectws` between the containers hub and the container
// app (container/main.js). Message types are exactly the seed's, plus `error` for bad frames.
import { z } from "zod";

const containerId = z.string().trim().min(1, "must not be empty").max(64);
const timestamp = z.string().max(64).optional();
const message = z.string().max(4096);

// ---- container -> server ---------------------------------------------------------------

export const ContainerConnect = z.object({
  type: z.literal("container-connect"),
  containerId,
  message: message.optional(),
  timestamp,
});
export const ContainerMessage = z.object({
  type: z.literal("container-message"),
  containerId: containerId.optional(),
  message,
  timestamp,
});
export const ContainerPong = z.object({
  type: z.literal("container-pong"),
  containerId: containerId.optional(),
  timestamp,
});

export const ContainerClientFrame = z.discriminatedUnion("type", [
  ContainerConnect,
  ContainerMessage,
  ContainerPong,
]);
export type ContainerClientFrame = z.infer<typeof ContainerClientFrame>;

// ---- server -> container ---------------------------------------------------------------

export interface ServerWelcome {
  type: "server-welcome";
  message: string;
  connectionId: string;
  timestamp: string;
}
export interface ServerAck {
  type: "server-ack";
  containerId: string;
  message: string;
  connectedContainers: number;
  timestamp: string;
}
export interface ServerPing {
  type: "server-ping";
  timestamp: string;
}
export interface ServerEcho {
  type: "server-echo";
  containerId: string;
  originalMessage: string;
  timestamp: string;
}
export interface ContainerJoined {
  type: "container-joined";
  containerId: string;
  message?: string;
  connectedContainers: number;
  timestamp: string;
}
/** A `container-message` relayed to the other containers, with who sent it. */
export interface ContainerBroadcast {
  type: "container-message";
  containerId: string;
  message: string;
  broadcast: true;
  timestamp: string;
}
export interface ContainerHubError {
  type: "error";
  code: string;
  message: string;
}
export type ContainerServerFrame =
  | ServerWelcome
  | ServerAck
  | ServerPing
  | ServerEcho
  | ContainerJoined
  | ContainerBroadcast
  | ContainerHubError;

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
