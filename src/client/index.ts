// Parlor's client SDK: `new ParlorClient({ url, room, name })`. Browsers and Node; see
// parlor-client.ts for the transport and docs/protocol.md for the wire protocol.

export type {
  HistoryEntry,
  ServerAck,
  ServerChatMessage,
  ServerDirect,
  ServerError,
  ServerWelcome,
} from "../protocol/parlor.js";
export { backoffDelay, isTerminalCloseCode } from "./backoff.js";
export {
  type ClientState,
  ParlorClient,
  ParlorClientError,
  type ParlorClientOptions,
  type ParlorEvents,
  type ServerHistory,
  type ServerJoin,
  type ServerLeave,
  type ServerTyping,
  type StateChange,
  type WebSocketConstructor,
} from "./parlor-client.js";
