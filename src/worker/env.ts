// The Worker's bindings, as declared in wrangler.jsonc.

import type { ChatRoom } from "../rooms/chat/chat-room.js";
import type { AppContainer } from "../rooms/containers/app-container.js";
import type { RoomDirectory } from "../rooms/directory/room-directory.js";
import type { EngineEnv } from "../rooms/engine/config.js";
import type { ClientGate } from "../rooms/gate/client-gate.js";
import type { NameClaim } from "../rooms/names/name-claim.js";
import type { SecurityEnv } from "./edge/security-config.js";

export interface Env extends EngineEnv, SecurityEnv {
  CHAT_ROOMS: DurableObjectNamespace<ChatRoom>;
  /** The room directory behind GET /api/rooms: one instance, fed by the rooms themselves. */
  DIRECTORY?: DurableObjectNamespace<RoomDirectory>;
  HUBS: DurableObjectNamespace;
  CONTAINER_HUB: DurableObjectNamespace;
  APP_CONTAINERS: DurableObjectNamespace<AppContainer>;
  /** Per client IP: connect attempts and live connections. */
  CLIENT_GATES: DurableObjectNamespace<ClientGate>;
  /** Guest names and who holds them. */
  NAME_CLAIMS: DurableObjectNamespace<NameClaim>;
  /** Seed 003 proxy mode: WebSocket upgrades to /proxy/<path> are forwarded here. */
  PROXY_ORIGIN?: string;
  /** The web app's static files (dist/web); `GET /` serves its index.html to browsers. */
  ASSETS?: Fetcher;
  /** Present only under `npm start`: runs container apps as local Node.js processes. */
  CONTAINER_RUNTIME?: Fetcher;
  [key: string]: unknown;
}
