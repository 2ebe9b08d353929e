// Socket.IO 4 for context, with a room as its docs teach: every socket joins "bench", and each
// `msg` event is emitted to the room. WebSocket transport only (the load generator's).
// Usage: node socketio.js; prints the port when ready.
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  void socket.join("bench");
  socket.on("msg", (message: unknown) => io.to("bench").emit("msg", message));
});
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  process.stdout.write(`${typeof address === "object" ? address?.port : address}\n`);
});
process.on("SIGTERM", () => process.exit(0));
