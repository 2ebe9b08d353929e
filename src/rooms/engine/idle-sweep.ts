// Idle cleanup: the sockets that sent nothing (not even a heartbeat) for longer than the idle
// timeout. It reads every socket's attachment, so the room runs it once per sweep interval,
// not on every alarm (a kind may ask for its own alarms: the containers hub's pings).
import { connectionOf } from "./connection.js";

/** When the sweep is due (in memory: a woken object sweeps at its first alarm), and what it finds. */
export class IdleSweep {
  private next = 0;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly idleTimeoutMs: number,
  ) {}

  /** Half the idle timeout, within 0.25–60 s. */
  get interval(): number {
    return Math.max(250, Math.min(60_000, this.idleTimeoutMs / 2));
  }

  /** The sockets idle too long when a sweep is due at `now`; null when it is not due yet. */
  due(now: number): WebSocket[] | null {
    if (now < this.next) return null;
    this.next = now + this.interval;
    return idleSockets(this.ctx, this.idleTimeoutMs, now);
  }
}

function idleSockets(ctx: DurableObjectState, idleTimeoutMs: number, now: number) {
  const idle: WebSocket[] = [];
  for (const ws of ctx.getWebSockets()) {
    const conn = connectionOf(ws);
    if (!conn || conn.gone) continue;
    const pinged = ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
    if (now - Math.max(conn.lastSeen, pinged) > idleTimeoutMs) idle.push(ws);
  }
  return idle;
}
