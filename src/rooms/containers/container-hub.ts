// Seed 000's hub: the WebSocket server the containers connect back to, as a room kind on the
// engine. Sockets are hibernatable; the keep-alive is an alarm (no timers keep the object awake
// between pings), and everything a restart must know lives in attachments and SQLite.
import type { z } from "zod";
import { ContainerClientFrame, type ContainerServerFrame } from "../../protocol/containers.js";
import type { EngineEnv } from "../engine/config.js";
import { type Connection, connectionOf, sendTo } from "../engine/connection.js";
import { type FrameProblem, parseFrame } from "../engine/problems.js";
import { type Admission, Room } from "../engine/room.js";

export interface ContainerHubEnv extends EngineEnv {
  CONTAINER_PING_INTERVAL_MS?: string;
  CONTAINER_PONG_TIMEOUT_MS?: string;
}

/** A container socket's own state: when it last answered a ping. */
interface ContainerState {
  lastPong?: number;
}
type ContainerConnection = Connection<ContainerState>;
type Frame = z.input<typeof ContainerServerFrame>;
const frame = (value: Frame) => JSON.stringify(value);
/** Close code for a container that stopped answering pings (4000-4999: application codes). */
const CLOSE_NO_PONG = 4000;

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** One structured line per event, never message bodies; shows in `npm start` and `wrangler tail`. */
function log(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ source: "container-hub", event, ...fields }));
}

export class ContainerHub extends Room<ContainerHubEnv, ContainerState> {
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;

  constructor(ctx: DurableObjectState, env: ContainerHubEnv) {
    super(ctx, env);
    this.pingIntervalMs = positive(env.CONTAINER_PING_INTERVAL_MS, 30_000);
    this.pongTimeoutMs = positive(env.CONTAINER_PONG_TIMEOUT_MS, this.pingIntervalMs * 3);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS containers (
      container_id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      connects INTEGER NOT NULL DEFAULT 0,
      messages INTEGER NOT NULL DEFAULT 0
    )`);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS hub_stats (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    );
  }

  // The seed's keep-alive goes server → container; there is no client ping to auto-answer.
  protected override heartbeat(): [string, string] | null {
    return null;
  }

  // A container says who it is in its first frame (`container-connect`), not when it connects.
  protected admit(): Admission<ContainerState> {
    return { state: {} };
  }

  protected onOpen(ws: WebSocket, conn: ContainerConnection): void {
    this.send(ws, {
      type: "server-welcome",
      message: "Welcome to the Parlor containers hub",
      connectionId: conn.id,
      timestamp: new Date().toISOString(),
    });
    void this.ensureAlarm(Date.now() + this.pingIntervalMs);
    this.bump("connections");
    log("socket-open", { connectionId: conn.id, sockets: this.ctx.getWebSockets().length });
  }

  protected onFrame(ws: WebSocket, conn: ContainerConnection, data: unknown): void {
    const parsed = parseFrame(ContainerClientFrame, data);
    if ("problem" in parsed) {
      this.reject(ws, conn, parsed.problem);
      log("bad-frame", { connectionId: conn.id, containerId: conn.user ?? null });
      return;
    }
    const message = parsed.frame;
    const now = new Date();
    switch (message.type) {
      case "container-connect": {
        const arrived = this.identify(ws, conn, message.containerId);
        this.markPong(ws, conn);
        this.ctx.storage.sql.exec(
          `INSERT INTO containers (container_id, status, first_seen, last_seen, connects)
           VALUES (?, 'connected', ?, ?, 1)
           ON CONFLICT (container_id) DO UPDATE SET status = 'connected', last_seen = excluded.last_seen,
             connects = connects + 1`,
          message.containerId,
          now.getTime(),
          now.getTime(),
        );
        const connected = this.presence.userCount;
        this.send(ws, {
          type: "server-ack",
          containerId: message.containerId,
          message: "Connection acknowledged",
          connectedContainers: connected,
          timestamp: now.toISOString(),
        });
        if (arrived) {
          this.broadcast(
            frame({
              type: "container-joined",
              containerId: message.containerId,
              ...(message.message !== undefined ? { message: message.message } : {}),
              connectedContainers: connected,
              timestamp: now.toISOString(),
            }),
            { except: ws },
          );
        }
        log("container-connect", {
          containerId: message.containerId,
          connectionId: conn.id,
          connected,
        });
        return;
      }
      case "container-message": {
        const from = conn.user ?? message.containerId ?? `connection-${conn.id.slice(0, 8)}`;
        this.send(ws, {
          type: "server-echo",
          containerId: from,
          originalMessage: message.message,
          timestamp: now.toISOString(),
        });
        const delivered = this.broadcast(
          frame({
            type: "container-message",
            containerId: from,
            message: message.message,
            broadcast: true,
            timestamp: now.toISOString(),
          }),
          { except: ws },
        );
        this.bump("messages");
        this.ctx.storage.sql.exec(
          "UPDATE containers SET messages = messages + 1, last_seen = ? WHERE container_id = ?",
          now.getTime(),
          from,
        );
        log("container-message", { containerId: from, delivered, bytes: message.message.length });
        return;
      }
      case "container-pong":
        this.markPong(ws, conn);
        this.bump("pongs");
        return;
    }
  }

  protected onLeave(conn: ContainerConnection, lastOfUser: boolean): void {
    if (conn.user !== undefined && lastOfUser) {
      this.ctx.storage.sql.exec(
        "UPDATE containers SET status = 'disconnected', last_seen = ? WHERE container_id = ?",
        Date.now(),
        conn.user,
      );
    }
    log("socket-close", { connectionId: conn.id, containerId: conn.user ?? null, lastOfUser });
  }

  protected errorFrame(_conn: ContainerConnection, { code, message }: FrameProblem): string {
    return frame({ type: "error", code, message });
  }

  /** Pings every socket, and drops those whose last pong is older than the timeout. */
  protected override onAlarm(now: number): number | null {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return null;
    const ping = frame({ type: "server-ping", timestamp: new Date(now).toISOString() });
    let pinged = 0;
    for (const ws of sockets) {
      const conn = connectionOf<ContainerState>(ws);
      if (!conn) continue;
      const lastPong = conn.state?.lastPong ?? conn.joinedAt;
      if (now - lastPong > this.pongTimeoutMs) {
        log("container-dropped", {
          containerId: conn.user ?? null,
          connectionId: conn.id,
          silentMs: now - lastPong,
        });
        // The peer is silent, so its close frame may never come: it leaves now.
        this.drop(ws, CLOSE_NO_PONG, "No pong received");
        continue;
      }
      if (sendTo(ws, ping)) pinged++;
    }
    if (pinged > 0) this.bump("pings", pinged);
    return now + this.pingIntervalMs;
  }

  protected override onHttp(request: Request): Response {
    const url = new URL(request.url);
    if (url.pathname === "/containers") return Response.json({ containers: this.containers() });
    if (url.pathname === "/stats") return Response.json(this.stats());
    return Response.json({ error: "Expected websocket" }, { status: 426 });
  }

  // ---- helpers ----------------------------------------------------------------------------

  private send(ws: WebSocket, value: Frame): boolean {
    return sendTo(ws, frame(value));
  }

  private markPong(ws: WebSocket, conn: ContainerConnection): void {
    this.setState(ws, conn, { ...conn.state, lastPong: Date.now() });
  }

  private bump(name: string, by = 1): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO hub_stats (name, value) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
      name,
      by,
    );
  }

  private containers() {
    return this.ctx.storage.sql
      .exec<{
        container_id: string;
        status: string;
        first_seen: number;
        last_seen: number;
        connects: number;
        messages: number;
      }>("SELECT * FROM containers ORDER BY container_id")
      .toArray()
      .map((row) => ({
        containerId: row.container_id,
        // Live sockets decide: rows still say "connected" after a restart dropped every socket.
        status: this.presence.has(row.container_id) ? "connected" : "disconnected",
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
        connects: row.connects,
        messages: row.messages,
      }));
  }

  private stats() {
    const totals = Object.fromEntries(
      this.ctx.storage.sql
        .exec<{ name: string; value: number }>("SELECT name, value FROM hub_stats")
        .toArray()
        .map((row) => [row.name, row.value]),
    );
    const sockets = this.ctx.getWebSockets().map(connectionOf);
    return {
      connectedContainers: this.presence.userCount,
      containerIds: this.presence.users().sort(),
      sockets: sockets.length,
      pingIntervalMs: this.pingIntervalMs,
      pongTimeoutMs: this.pongTimeoutMs,
      totals: {
        connections: totals.connections ?? 0,
        messages: totals.messages ?? 0,
        pings: totals.pings ?? 0,
        pongs: totals.pongs ?? 0,
      },
    };
  }
}
