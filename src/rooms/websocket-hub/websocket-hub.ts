// Seed 001's WebSocketServer: a generic hub. Each connection is its own participant; the hub
// greets, echoes, broadcasts to the others and reports statistics. Nothing is stored.
import type { z } from "zod";
import { HubClientFrame, type HubStatsResponse } from "../../protocol/websocket-hub.js";
import type { EngineEnv } from "../engine/config.js";
import { type Connection, sendTo, Tag } from "../engine/connection.js";
import { type Admission, Room } from "../engine/room.js";

export const HUB_ID_HEADER = "X-Parlor-Hub";

export class WebSocketHub extends Room<EngineEnv> {
  // The seed's pong carries a timestamp, so pings cannot be a constant auto-response.
  protected override heartbeat(): null {
    return null;
  }

  protected admit(): Admission {
    // The connection id doubles as the participant: two tabs are two connections here.
    const id = crypto.randomUUID();
    return { dialect: "hub", user: id };
  }

  protected onOpen(ws: WebSocket, conn: Connection): void {
    const totalConnections = this.presence.connectionCount;
    sendTo(
      ws,
      JSON.stringify({
        type: "connected",
        id: conn.user,
        message: "Welcome to WebSocket server",
        totalConnections,
      }),
    );
    this.toOthers(ws, { type: "user_connected", data: { id: conn.user, totalConnections } });
  }

  protected onLeave(conn: Connection): void {
    this.toOthers(null, {
      type: "user_disconnected",
      data: { id: conn.user, totalConnections: this.presence.connectionCount },
    });
  }

  protected onFrame(ws: WebSocket, conn: Connection, data: unknown): void {
    const frame = this.validate(ws, conn, HubClientFrame, data);
    if (!frame) return;
    switch (frame.type) {
      case "ping":
        sendTo(ws, JSON.stringify({ type: "pong", timestamp: Date.now() }));
        return;
      case "broadcast":
        this.toOthers(ws, { type: "broadcast", data: frame.data });
        return;
      case "get_stats":
        sendTo(
          ws,
          JSON.stringify({
            type: "stats",
            data: {
              totalConnections: this.presence.connectionCount,
              yourId: conn.user,
              connectedAt: conn.joinedAt,
            },
          }),
        );
        return;
      default:
        sendTo(ws, JSON.stringify({ type: "echo", data: frame, receivedAt: Date.now() }));
    }
  }

  protected errorFrame(_conn: Connection, _code: string, message: string): string {
    return JSON.stringify({ type: "error", message });
  }

  /** `GET /websocket/stats`: the connection count, nothing about who is connected. */
  protected override onHttp(request: Request): Response {
    const id = request.headers.get(HUB_ID_HEADER) ?? "default";
    return Response.json({
      id,
      totalConnections: this.presence.connectionCount,
      timestamp: Date.now(),
    } satisfies z.input<typeof HubStatsResponse>);
  }

  private toOthers(except: WebSocket | null, message: unknown): void {
    const frame = JSON.stringify(message);
    for (const ws of this.ctx.getWebSockets(Tag.all)) {
      if (ws !== except) sendTo(ws, frame);
    }
  }
}
