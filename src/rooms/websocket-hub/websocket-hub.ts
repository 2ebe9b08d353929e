// Seed 001's WebSocketServer: a generic hub. Each connection is its own participant; the hub
// greets, echoes, broadcasts to the others and reports statistics. Nothing is stored.
import { ErrorCode } from "../../protocol/errors.js";
import {
  HubClientFrame,
  type HubServerFrame,
  type HubStatsResponse,
} from "../../protocol/websocket-hub.js";
import type * as z from "../../protocol/zod.js";
import { utf8Bytes } from "../engine/answer-budget.js";
import { type Connection, sendTo } from "../engine/connection.js";
import { type FrameProblem, parseFrame } from "../engine/problems.js";
import { type Admission, Room } from "../engine/room.js";
import { type HubEnv, type HubLimits, readHubLimits } from "./hub-limits.js";

export const HUB_ID_HEADER = "X-Parlor-Hub";

type Frame = z.input<typeof HubServerFrame>;
const frame = (value: Frame) => JSON.stringify(value);

export class WebSocketHub extends Room<HubEnv> {
  private readonly limits: HubLimits = readHubLimits(this.env);

  // The seed's pong carries a timestamp, so pings cannot be a constant auto-response.
  protected override heartbeat(): null {
    return null;
  }

  protected admit(): Admission<Record<string, never>> {
    // The connection id doubles as the participant: two tabs are two connections here.
    return { user: crypto.randomUUID(), state: {} };
  }

  protected onOpen(ws: WebSocket, conn: Connection): void {
    const id = conn.user ?? conn.id;
    const totalConnections = this.presence.connectionCount;
    sendTo(
      ws,
      frame({ type: "connected", id, message: "Welcome to WebSocket server", totalConnections }),
    );
    if (!this.announces()) return;
    this.broadcast(frame({ type: "user_connected", data: { id, totalConnections } }), {
      except: ws,
    });
  }

  protected onLeave(conn: Connection): void {
    if (!this.announces()) return;
    const data = { id: conn.user ?? conn.id, totalConnections: this.presence.connectionCount };
    this.broadcast(frame({ type: "user_disconnected", data }));
  }

  /** Small hubs announce each arrival and departure; large ones only count (stats). */
  private announces(): boolean {
    const max = this.limits.presenceMax;
    return max === 0 || this.presence.connectionCount <= max;
  }

  protected onFrame(ws: WebSocket, conn: Connection, data: unknown): void {
    const parsed = parseFrame(HubClientFrame, data);
    if ("problem" in parsed) {
      this.reject(ws, conn, parsed.problem);
      return;
    }
    const message = parsed.frame;
    switch (message.type) {
      case "ping":
        sendTo(ws, frame({ type: "pong", timestamp: Date.now() }));
        return;
      case "broadcast": {
        const out = frame({ type: "broadcast", data: message.data });
        const max = this.limits.maxBroadcastBytes;
        if (out.length > max / 3 && utf8Bytes(out) > max) {
          const problem = `broadcast larger than ${max} bytes; not relayed`;
          this.reject(ws, conn, { code: ErrorCode.broadcastTooBig, message: problem });
          return;
        }
        this.broadcast(out, { except: ws });
        return;
      }
      case "get_stats": {
        const stats = {
          totalConnections: this.presence.connectionCount,
          yourId: conn.user ?? conn.id,
          connectedAt: conn.joinedAt,
        };
        sendTo(ws, frame({ type: "stats", data: stats }));
        return;
      }
      default:
        sendTo(ws, frame({ type: "echo", data: message, receivedAt: Date.now() }));
    }
  }

  protected errorFrame(_conn: Connection, problem: FrameProblem): string {
    return frame({ type: "error", message: problem.message });
  }

  /** `GET /websocket/stats`: the connection count, nothing about who is connected. */
  protected override onHttp(request: Request): Response {
    const stats: z.input<typeof HubStatsResponse> = {
      id: request.headers.get(HUB_ID_HEADER) ?? "default",
      totalConnections: this.presence.connectionCount,
      timestamp: Date.now(),
    };
    return Response.json(stats);
  }
}
