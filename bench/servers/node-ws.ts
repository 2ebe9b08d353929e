// A self-hosted Node server for context: the `ws` library, every frame broadcast to all clients.
// Usage: node node-ws.js; prints the port when ready.
import { WebSocketServer } from "ws";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" ? address?.port : address}\n`);
});
server.on("connection", (socket) => {
  socket.send("welcome");
  socket.on("message", (data, isBinary) => {
    for (const client of server.clients) client.send(data, { binary: isBinary });
  });
});
process.on("SIGTERM", () => process.exit(0));
