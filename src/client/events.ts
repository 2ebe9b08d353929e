// The SDK's typed events, and the small emitter that delivers them.
import {
  ParlorServerFrame,
  type ServerAck,
  type ServerChatMessage,
  type ServerDirect,
  type ServerError,
  type ServerWelcome,
} from "../protocol/parlor.js";
import type { StateChange } from "./options.js";

export type ServerJoin = Extract<ParlorServerFrame, { type: "join" }>;
export type ServerLeave = Extract<ParlorServerFrame, { type: "leave" }>;
export type ServerPresence = Extract<ParlorServerFrame, { type: "presence" }>;
export type ServerTyping = Extract<ParlorServerFrame, { type: "typing" }>;
export type ServerHistory = Extract<ParlorServerFrame, { type: "history" }>;
export type ServerSearch = Extract<ParlorServerFrame, { type: "search" }>;
export type ServerDeleted = Extract<ParlorServerFrame, { type: "deleted" }>;
export type ServerRoomDeleted = Extract<ParlorServerFrame, { type: "room_deleted" }>;

export interface ParlorEvents {
  welcome: ServerWelcome;
  /** A room message (live, or missed and replayed on resume), each sequence number once. */
  message: ServerChatMessage;
  /** A direct message to or from this user, each sequence number once. */
  direct: ServerDirect;
  join: ServerJoin;
  leave: ServerLeave;
  /** Rooms over 100 users: the user count, at most once a second, instead of join/leave. */
  presence: ServerPresence;
  typing: ServerTyping;
  ack: ServerAck;
  /** The room's owner removed a message; it is already gone from `messages`. */
  deleted: ServerDeleted;
  /** The room's owner deleted the room: the last frame; the client then stops (close 4004). */
  roomDeleted: ServerRoomDeleted;
  /** Error frames from the server, and `invalid_server_frame` for frames failing the schema. */
  error: ServerError;
  /** The resume was refused (gap beyond retention, or the room's log was recreated): `messages` was dropped and now holds the welcome's history. */
  reload: ServerWelcome;
  state: StateChange;
}

export type Listener<T> = (value: T) => void;

export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Calls every listener; one that throws is reported and does not stop the others. */
  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(value);
      } catch (error) {
        console.error("Parlor client listener failed", error);
      }
    }
  }
}

/** A frame from the server, parsed and checked against the protocol's schema. */
export function decodeServerFrame(
  data: unknown,
): { frame: ParlorServerFrame } | { problem: string } {
  if (typeof data !== "string") return { problem: "binary frame from server" };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { problem: "frame from server is not JSON" };
  }
  const parsed = ParlorServerFrame.safeParse(json);
  return parsed.success
    ? { frame: parsed.data }
    : { problem: `frame from server fails the schema: ${parsed.error.message}` };
}
