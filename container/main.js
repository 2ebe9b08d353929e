// Seed 000's container app: a small HTTP server that also connects back to the containers hub
// over WebSocket. Runs in the Docker image in production and as a plain Node.js process locally
// (the supervisor in cli/server/container-supervisor.ts starts it with the same environment).
import http from "node:http";
import WebSocket from "ws";

const PORT = intFromEnv("PORT", 8080);
const MESSAGE = process.env.MESSAGE ?? "Hello from a Parlor container";
const WS_SERVER_URL = process.env.WS_SERVER_URL ?? "";
const CONTAINER_ID = process.env.CONTAINER_ID || `container-${process.pid}`;
// The deployment's hub secret (given by the Durable Object): the hub refuses sockets without it.
const HUB_SECRET = process.env.HUB_SECRET ?? "";
const MAX_ATTEMPTS = intFromEnv("WS_MAX_RECONNECT_ATTEMPTS", 5);
const BASE_DELAY_MS = intFromEnv("WS_RECONNECT_BASE_MS", 1000);
// The seed waits 5 s between attempts; we back off exponentially but never wait longer than this.
const MAX_DELAY_MS = intFromEnv("WS_RECONNECT_MAX_MS", 30_000);
const startedAt = Date.now();

function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** One JSON line per event on stdout, so `npm start` output and log collectors can parse it. */
function log(event, fields = {}) {
  console.log(
    JSON.stringify({ time: new Date().toISOString(), containerId: CONTAINER_ID, event, ...fields }),
  );
}

const ws = {
  socket: null,
  state: "idle", // idle | connecting | open | reconnecting | closed | gave-up
  attempts: 0,
  gaveUp: false,
  lastError: null,
  messagesReceived: 0,
  messagesSent: 0,
  /** The last frames received (pings excluded), newest last: what other containers said. */
  recent: [],
  connectedAt: null,
  reconnectTimer: null,
  stopping: false,
};

function wsStatus() {
  return {
    connected: ws.socket?.readyState === WebSocket.OPEN,
    state: ws.state,
    attempts: ws.attempts,
    maxAttempts: MAX_ATTEMPTS,
    gaveUp: ws.gaveUp,
    lastError: ws.lastError,
    messagesReceived: ws.messagesReceived,
    messagesSent: ws.messagesSent,
    connectedAt: ws.connectedAt,
    recentMessages: ws.recent,
    serverUrl: WS_SERVER_URL || null,
  };
}

function send(frame) {
  if (ws.socket?.readyState !== WebSocket.OPEN) return false;
  ws.socket.send(JSON.stringify(frame));
  ws.messagesSent++;
  return true;
}

function connect() {
  if (!WS_SERVER_URL || ws.stopping) return;
  clearTimeout(ws.reconnectTimer);
  ws.reconnectTimer = null;
  if (ws.socket) {
    // A manual /ws-connect while a socket exists replaces it; its close must not trigger backoff.
    ws.socket.removeAllListeners();
    ws.socket.on("error", () => {});
    ws.socket.terminate();
  }
  ws.state = "connecting";
  log("ws-connecting", { url: WS_SERVER_URL, attempt: ws.attempts });
  const socket = new WebSocket(WS_SERVER_URL, {
    handshakeTimeout: 10_000,
    ...(HUB_SECRET ? { headers: { Authorization: `Bearer ${HUB_SECRET}` } } : {}),
  });
  ws.socket = socket;

  socket.on("open", () => {
    ws.state = "open";
    ws.attempts = 0;
    ws.gaveUp = false;
    ws.lastError = null;
    ws.connectedAt = new Date().toISOString();
    log("ws-open", { url: WS_SERVER_URL });
    send({
      type: "container-connect",
      containerId: CONTAINER_ID,
      message: MESSAGE,
      timestamp: new Date().toISOString(),
    });
  });

  socket.on("message", (data) => {
    ws.messagesReceived++;
    let frame;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      log("ws-bad-frame");
      return;
    }
    if (frame?.type === "server-ping") {
      send({
        type: "container-pong",
        containerId: CONTAINER_ID,
        timestamp: new Date().toISOString(),
      });
    } else {
      const type = typeof frame?.type === "string" ? frame.type : "unknown";
      ws.recent.push({ ...frame, receivedAt: new Date().toISOString() });
      if (ws.recent.length > 10) ws.recent.shift();
      log("ws-message", { type });
    }
  });

  socket.on("error", (error) => {
    ws.lastError = error.message;
    log("ws-error", { error: error.message });
  });

  socket.on("close", (code, reason) => {
    if (ws.socket !== socket) return;
    ws.socket = null;
    log("ws-close", { code, reason: reason.toString() });
    if (ws.stopping) {
      ws.state = "closed";
      return;
    }
    scheduleReconnect();
  });
}

function scheduleReconnect() {
  if (ws.attempts >= MAX_ATTEMPTS) {
    ws.state = "gave-up";
    ws.gaveUp = true;
    log("ws-gave-up", { attempts: ws.attempts });
    return;
  }
  ws.attempts++;
  // Exponential backoff with equal jitter (half fixed, half random): spreads reconnecting containers after a hub restart.
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (ws.attempts - 1));
  const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  ws.state = "reconnecting";
  log("ws-reconnect-scheduled", { attempt: ws.attempts, delayMs: delay });
  ws.reconnectTimer = setTimeout(connect, delay);
}

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function info() {
  return {
    message: MESSAGE,
    containerId: CONTAINER_ID,
    pid: process.pid,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    startedAt: new Date(startedAt).toISOString(),
    websocket: wsStatus(),
  };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://container");
  switch (url.pathname) {
    case "/":
    case "/container":
      return json(res, 200, info());
    case "/error":
      // Seed 000's error route: a failed request, never a crashed process.
      log("http-error-route");
      return json(res, 500, {
        error: "Intentional error from the container's /error route",
        containerId: CONTAINER_ID,
      });
    case "/ws-status":
      return json(res, 200, wsStatus());
    case "/ws-send": {
      if (!WS_SERVER_URL) {
        return json(res, 503, { error: "WS_SERVER_URL is not set", ...wsStatus() });
      }
      const message = url.searchParams.get("message") ?? `Hello from ${CONTAINER_ID}`;
      const sent = send({
        type: "container-message",
        containerId: CONTAINER_ID,
        message,
        timestamp: new Date().toISOString(),
      });
      if (!sent) return json(res, 503, { error: "WebSocket is not connected", ...wsStatus() });
      return json(res, 200, { sent: true, message, ...wsStatus() });
    }
    case "/ws-connect":
      if (!WS_SERVER_URL) {
        return json(res, 503, { error: "WS_SERVER_URL is not set", ...wsStatus() });
      }
      ws.attempts = 0;
      ws.gaveUp = false;
      connect();
      return json(res, 202, { connecting: true, ...wsStatus() });
    default:
      return json(res, 404, { error: `No route ${url.pathname}`, containerId: CONTAINER_ID });
  }
});

server.listen(PORT, () => {
  log("http-listening", { port: server.address().port });
  if (WS_SERVER_URL) connect();
  else log("ws-disabled", { reason: "WS_SERVER_URL is not set" });
});

function shutdown(signal) {
  if (ws.stopping) return;
  ws.stopping = true;
  log("shutdown", { signal });
  clearTimeout(ws.reconnectTimer);
  // 1001 "going away": the hub sees an orderly leave, not a dropped connection.
  ws.socket?.close(1001, "container shutting down");
  server.close();
  server.closeAllConnections();
  // Give the close frame a moment to go out; never hang the shutdown on it.
  const done = () => process.exit(0);
  if (ws.socket && ws.socket.readyState !== WebSocket.CLOSED) {
    ws.socket.once("close", done);
    setTimeout(done, 2000).unref();
  } else {
    done();
  }
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
