// Seed 000's hub: the WebSocket server the containers connect back to, as a room kind on the
// engine. Sockets are hibernatable; the keep-alive is an alarm (no timers keep the object awake
// between pings), and everything a restart must know lives in attachments and SQLite.
import { ContainerClientFrame, type ContainerServerFrame } from "../../protocol/containers.js";
import type * as z from "../../protocol/zod.js";
import type { EngineEnv } from "../engine/config.js";
import { type Connection, connectionOf, sendTo } from "../engine/connection.js";
import { positive } from "../engine/env-numbers.js";
import { type FrameProblem, parseFrame } from "../engine/problems.js";
import { type Admission, Room } from "../engine/room.js";
import { ContainerTable } from "./container-table.js";
import { bearerOf, HUB_SECRET_PATH, ownHubSecret, sameSecret } from "./hub-secret.js";

export interface ContainerHubEnv extends EngineEnv {
  CONTAINER_PING_INTERVAL_MS?: string;
  CONTAINER_PONG_TIMEOUT_MS?: string;
  CONTAINER_HUB_SECRET?: string;
  /** Most container ids the hub remembers (the oldest-seen are forgotten first). */
  CONTAINER_HUB_MAX_IDS?: string;
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

/** One structured line per event, never message bodies; shows in `npm start` and `wrangler tail`. */
function log(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ source: "container-hub", event, ...fields }));
}

export class ContainerHub extends Room<ContainerHubEnv, ContainerState> {
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly table: ContainerTable;

  constructor(ctx: DurableObjectState, env: ContainerHubEnv) {
    super(ctx, env);
    this.pingIntervalMs = positive(env.CONTAINER_PING_INTERVAL_MS, 30_000);
    this.pongTimeoutMs = positive(env.CONTAINER_PONG_TIMEOUT_MS, this.pingIntervalMs * 3);
    const maxIds = Math.floor(positive(env.CONTAINER_HUB_MAX_IDS, 1000));
    this.table = new ContainerTable(ctx.storage.sql, maxIds);
  }

  // The seed's keep-alive goes server → container; there is no client ping to auto-answer.
  protected override heartbeat(): [string, string] | null {
    return null;
  }

  // A container says who it is in its first frame (`container-connect`), not when it connects;
  // that it is one of this deployment's containers, it proves with the hub secret (hub-secret.ts).
  protected async admit(request: Request): Promise<Admission<ContainerState> | Response> {
    const presented = bearerOf(request);
    if (!presented || !sameSecret(presented, await this.secret())) {
      log("socket-refused", { reason: presented ? "wrong secret" : "no secret" });
      return Response.json(
        { error: "containers authenticate with this deployment's hub secret" },
        { status: 401 },
      );
    }
    return { state: {} };
  }

  private secret(): Promise<string> {
    return ownHubSecret(this.ctx.storage, this.env.CONTAINER_HUB_SECRET);
  }

  protected onOpen(ws: WebSocket, conn: ContainerConnection): void {
    this.send(ws, {
      type: "server-welcome",
      message: "Welcome to the Parlor containers hub",
      connectionId: conn.id,
      timestamp: new Date().toISOString(),
    });
    void this.ensureAlarm(Date.now() + this.pingIntervalMs);
    this.table.bump("connections");
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
        // One socket, one container: switching ids would re-announce it and reset its rate bucket.
        if (conn.user !== undefined && conn.user !== message.containerId) {
          this.reject(ws, conn, {
            code: "bad_frame",
            message: `this socket is container ${conn.user}; open another`,
          });
          return;
        }
        const arrived = this.identify(ws, conn, message.containerId);
        this.markPong(ws, conn);
        this.table.connected(message.containerId, now.getTime());
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
        this.table.bump("messages");
        this.table.messaged(from, now.getTime());
        log("container-message", { containerId: from, delivered, bytes: message.message.length });
        return;
      }
      case "container-pong":
        this.markPong(ws, conn);
        this.table.bump("pongs");
        return;
    }
  }

  protected onLeave(conn: ContainerConnection, lastOfUser: boolean): void {
    if (conn.user !== undefined && lastOfUser) {
      this.table.left(conn.user, Date.now());
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
    if (pinged > 0) this.table.bump("pings", pinged);
    return now + this.pingIntervalMs;
  }

  protected override async onHttp(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === HUB_SECRET_PATH) return new Response(await this.secret());
    if (url.pathname === "/containers") {
      const ids = url.searchParams.get("ids")?.split(",").filter(Boolean);
      return Response.json({ containers: this.table.records((id) => this.presence.has(id), ids) });
    }
    if (url.pathname === "/stats") {
      return Response.json(this.stats(url.searchParams.get("detail") === "ids"));
    }
    return Response.json({ error: "Expected websocket" }, { status: 426 });
  }

  // ---- helpers ----------------------------------------------------------------------------

  private send(ws: WebSocket, value: Frame): boolean {
    return sendTo(ws, frame(value));
  }

  private markPong(ws: WebSocket, conn: ContainerConnection): void {
    this.setState(ws, conn, { ...conn.state, lastPong: Date.now() });
  }

  /** Public numbers; the ids only for the operator view (`detail`: hub secret presented). */
  private stats(detail: boolean) {
    return {
      connectedContainers: this.presence.userCount,
      ...(detail
        ? { containerIds: [...this.presence.users()].sort(), knownIds: this.table.count() }
        : {}),
      sockets: this.ctx.getWebSockets().length,
      pingIntervalMs: this.pingIntervalMs,
      pongTimeoutMs: this.pongTimeoutMs,
      totals: this.table.totals(),
    };
  }
}
