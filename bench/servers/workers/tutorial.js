// The pattern the seeds' tutorials teach (seed 002's "DO stores each WebSocket connection in a
// Map", seed 003's `storage.put` per message): sockets accepted without hibernation and kept in
// a Map, every frame JSON.parse'd, stored with one storage.put, and broadcast with JSON.stringify.
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  sessions = new Map();
  seq = 0;

  async fetch(request) {
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    const userId = new URL(request.url).searchParams.get("name") ?? "anonymous";
    this.sessions.set(server, { userId, joinedAt: Date.now() });
    server.addEventListener("message", (event) => this.onMessage(server, event.data));
    const drop = () => this.sessions.delete(server);
    server.addEventListener("close", drop);
    server.addEventListener("error", drop);
    server.send("welcome");
    return new Response(null, { status: 101, webSocket: client });
  }

  async onMessage(ws, raw) {
    let data;
    try {
      data = JSON.parse(raw);
    } catch {
      ws.send(JSON.stringify({ type: "error", message: "invalid JSON" }));
      return;
    }
    const message = { ...data, from: this.sessions.get(ws)?.userId, timestamp: Date.now() };
    await this.ctx.storage.put(`message:${Date.now()}:${++this.seq}`, message);
    const frame = JSON.stringify(message);
    for (const socket of this.sessions.keys()) {
      try {
        socket.send(frame);
      } catch {
        this.sessions.delete(socket);
      }
    }
  }
}

// One room per path, so one server can hold several rooms (one per room size in a run).
export default {
  fetch: (request, env) =>
    env.Room.get(env.Room.idFromName(new URL(request.url).pathname)).fetch(request),
};
