// The chat room's types: what each socket carries, what a resume asks for, what the room is bound to.
import type { RoomDirectory } from "../directory/room-directory.js";
import type { EngineEnv } from "../engine/config.js";
import type { ContentFilterEnv } from "./content-filter.js";
import type { DialectName } from "./dialects/index.js";

/** A chat socket's own state: the protocol it speaks and the room it is in. */
export interface ChatState {
  dialect: DialectName;
  room: string;
  /** Secure mode: the socket's user is its verified token's name, and frames cannot claim another. */
  verified?: boolean;
}

/** A resuming client's last seen sequence number and the log's epoch it belongs to. */
export type Resume = { since: number; epoch: string };

export interface ChatEnv extends EngineEnv, ContentFilterEnv {
  /** The room directory (src/rooms/directory/); rooms report to it when it is bound. */
  DIRECTORY?: DurableObjectNamespace<RoomDirectory>;
}
