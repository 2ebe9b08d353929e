// The chat room's two vocabularies, independent of any wire protocol: commands a dialect decodes
// from its frames, and events the room emits for dialects to encode (or ignore, when a dialect
// has no frame for them).
import type { SearchResult } from "../../protocol/search.js";
import type { StoredMessage } from "../engine/message-log.js";

/** What a socket asks the room to do. */
export type ChatCommand =
  /** A message to the room; `claimedUser` names the sender of a socket that never identified. */
  | { kind: "say"; text: string; clientId?: string; claimedUser?: string }
  /** A message only `to` and the sender see; `payload` is the sender's own frame, kept as JSON. */
  | { kind: "direct"; to: string; text: string; clientId?: string; payload?: string }
  | { kind: "typing"; typing: boolean }
  /** A page of history: below `before`, or around `around` (to jump to a search result). */
  | { kind: "history"; limit: number; before?: number; around?: number; clientId?: string }
  | { kind: "search"; query: string; limit: number; offset: number; clientId?: string }
  /** `seq`: a receipt, every room message up to it processed (Parlor's ping). */
  | { kind: "ping"; seq?: number }
  /** The socket says who it is after connecting (seed 002's `join`). */
  | { kind: "identify"; user: string }
  /** A frame passed to everyone as sent (seed 003's `broadcast`). */
  | { kind: "broadcast"; payload: Record<string, unknown> }
  /** Accepted and needs nothing (seed 003's `join` after connecting). */
  | { kind: "none" };

/** What a socket is told when it connects, in dialects that greet. */
export interface Welcome {
  connectionId: string;
  room: string;
  user: string;
  epoch: string;
  lastSeq: number;
  users: readonly string[];
  count: number;
  history: StoredMessage[];
  hasMore: boolean;
  resume?: "ok" | "reload";
  /** Cut to the answer's byte budget. */
  truncated?: boolean;
}

/** What happens in the room, for everyone it concerns. */
export type ChatEvent =
  | { kind: "message"; message: StoredMessage }
  | { kind: "direct"; message: StoredMessage }
  | { kind: "join"; user: string; count: number; at: number }
  | { kind: "leave"; user: string; count: number; at: number }
  /** Large rooms: the user count, instead of every join and leave. */
  | { kind: "presence"; count: number }
  | { kind: "typing"; user: string; typing: boolean }
  /** Seed 003's `broadcast`: the sender's frame, passed through. */
  | { kind: "broadcast"; user: string; payload: Record<string, unknown> }
  /** The owner removed a message. */
  | { kind: "deleted"; message: StoredMessage }
  /** The owner deleted the room: each socket's last frame. */
  | { kind: "room_deleted"; room: string }
  // Answers to one socket:
  | { kind: "welcome"; welcome: Welcome }
  | { kind: "ack"; message: StoredMessage; duplicate: boolean }
  | {
      kind: "history";
      messages: StoredMessage[];
      hasMore: boolean;
      hasNewer?: boolean;
      truncated?: boolean;
      clientId?: string;
    }
  | {
      kind: "search";
      query: string;
      results: SearchResult[];
      next: number | null;
      clientId?: string;
    }
  | { kind: "pong" };
