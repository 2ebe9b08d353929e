// Idle cleanup: the sockets that sent nothing (not even a heartbeat) for longer than the idle
// timeout. It reads every socket's attachment, so the room runs it once per sweep interval,
// not on every alarm (a big room's presence count fires the alarm every second).
import { connectionOf } from "./connection.js";

export function idleSockets(ctx: DurableObjectState, idleTimeoutMs: number, now: number) {
  const idle: WebSocket[] = [];
  for (const ws of ctx.getWebSockets()) {
    const conn = connectionOf(ws);
    if (!conn || conn.gone) continue;
    const pinged = ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
    if (now - Math.max(conn.lastSeen, pinged) > idleTimeoutMs) idle.push(ws);
  }
  return idle;
}
