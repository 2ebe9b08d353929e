// partyserver 0.5.10 as its README shows it, with hibernation on: every frame is broadcast to
// the room's connections (the sender included, like the other servers here).
import { routePartykitRequest, Server } from "partyserver";

export class Room extends Server {
  static options = { hibernate: true };
  onConnect(connection) {
    connection.send("welcome");
  }
  onMessage(_connection, message) {
    this.broadcast(message);
  }
}

export default {
  fetch: async (request, env) =>
    (await routePartykitRequest(request, env)) ?? new Response("Not found", { status: 404 }),
};
