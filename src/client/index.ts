// Parlor's client SDK: `new ParlorClient({ url, room, name })`. Browsers and Node; see
// parlor-client.ts for how its parts fit and docs/protocol.md for the wire protocol.

export type {
  HistoryEntry,
  ServerAck,
  ServerChatMessage,
  ServerDirect,
  ServerError,
  ServerWelcome,
} from "../protocol/parlor.js";
export type { SearchResult } from "../protocol/search.js";
export { backoffDelay, isTerminalCloseCode } from "./backoff.js";
export type {
  ParlorEvents,
  ServerDeleted,
  ServerHistory,
  ServerJoin,
  ServerLeave,
  ServerRoomDeleted,
  ServerSearch,
  ServerTyping,
} from "./events.js";
export {
  type ClientState,
  ParlorClientError,
  type ParlorClientOptions,
  type StateChange,
  type WebSocketConstructor,
} from "./options.js";
export { ParlorClient } from "./parlor-client.js";
export { RoomsApi, RoomsApiError } from "./rooms-api.js";
