// Rendering events into frames, and sending a room message so that only its sender's sockets
// see its `clientId` (issue 9, finding 2: a clientId seen by others lets them suppress the
// sender's next message).
import { sendTo } from "../engine/connection.js";
import { sendEach } from "../engine/fan-out.js";
import type { StoredMessage } from "../engine/message-log.js";
import type { SocketIndex } from "../engine/socket-index.js";
import type { Dialect } from "./dialect.js";
import { dialects } from "./dialects/index.js";
import type { ChatEvent } from "./events.js";

/** The tag a dialect's sockets carry. */
export const dialectTag = (name: string) => `d:${name}`;

/** An event as `viewer` sees it in `dialect`, as JSON; null when the dialect has no frame. */
export function render(dialect: Dialect, event: ChatEvent, viewer?: string): string | null {
  const frame = dialect.encode(event, viewer);
  return frame === null ? null : JSON.stringify(frame);
}

/**
 * Sends a room message to every socket of each dialect (encoded once per dialect): the sender's
 * own sockets get their copy, everyone else a copy without what is only the sender's. One pass
 * over each dialect's sockets: this runs once per message, for every socket in the room.
 */
export function emitMessage(sockets: SocketIndex, message: StoredMessage): void {
  const event: ChatEvent = { kind: "message", message };
  let mine: Set<WebSocket> | undefined;
  for (const dialect of Object.values(dialects) as Dialect[]) {
    const ofDialect = sockets.of(dialectTag(dialect.name));
    if (ofDialect.length === 0) continue;
    const others = render(dialect, event);
    // Only a clientId makes the sender's copy differ; most messages have none.
    const own = message.clientId ? render(dialect, event, message.sender) : others;
    if (own === others) {
      if (others !== null) sendEach(ofDialect, others, null, message.seq);
      continue;
    }
    mine ??= new Set(sockets.ofUser(message.sender));
    for (const ws of ofDialect) {
      const frame = mine.has(ws) ? own : others;
      if (frame !== null) sendTo(ws, frame, message.seq);
    }
  }
}

/**
 * Sends joins and leaves that happened close together (presence-announcer.ts). A socket sees the
 * events after its `seen` mark (0 when absent): a socket that arrived meanwhile already has the
 * earlier ones in its welcome. Dialects with a batch frame get one frame per socket.
 */
export function emitPresence(
  sockets: SocketIndex,
  events: ChatEvent[],
  seen: ReadonlyMap<WebSocket, number>,
): void {
  for (const dialect of Object.values(dialects) as Dialect[]) {
    const ofDialect = sockets.of(dialectTag(dialect.name));
    if (ofDialect.length === 0) continue;
    // Each event rendered once: most sockets have seen none of them, and each that arrived
    // meanwhile gets a suffix of the same strings.
    const rendered = events.map((event) => render(dialect, event));
    const framesFrom = new Map<number, string[]>();
    for (const ws of ofDialect) {
      const from = seen.get(ws) ?? 0;
      if (from >= events.length) continue;
      let frames = framesFrom.get(from);
      if (!frames) {
        frames = framesOf(dialect, rendered.slice(from));
        framesFrom.set(from, frames);
      }
      for (const frame of frames) sendTo(ws, frame);
    }
  }
}

/** Rendered events as frames: one batch frame when the dialect has one and there are several. */
function framesOf(dialect: Dialect, rendered: (string | null)[]): string[] {
  const frames = rendered.filter((f) => f !== null);
  return frames.length > 1 && dialect.batch ? [dialect.batch(frames)] : frames;
}
