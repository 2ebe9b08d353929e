// What happens in a chat room, independent of any wire protocol. Each dialect renders
// these into its own frames (or ignores the ones it has no frame for).
import type { StoredMessage } from "../engine/message-log.js";

export type ChatEvent =
  | { kind: "message"; message: StoredMessage }
  | { kind: "direct"; message: StoredMessage }
  | { kind: "join"; user: string; count: number; at: number }
  | { kind: "leave"; user: string; count: number; at: number }
  /** Large rooms: the user count, instead of every join and leave. */
  | { kind: "presence"; count: number }
  | { kind: "typing"; user: string; typing: boolean }
  /** Seed 003's `broadcast`: the sender's frame, passed through unchanged. */
  | { kind: "broadcast"; user: string; payload: Record<string, unknown> };

/** A dialect: how one wire protocol renders chat events. */
export interface Dialect {
  name: string;
  /** The frame for an event, or null when this dialect has none. */
  render(event: ChatEvent): string | null;
  /** Its error frame (`clientId`: the refused frame's own id, where the dialect has one). */
  error(code: string, message: string, clientId?: string): string;
}
