// Live connections per room and per user in a room (issue 9, finding 10). Checked when a socket
// asks to connect, before it is accepted (429 JSON), and when a socket names its user later
// (seed 002's `join`: an error frame, then close 1008).
import type { Admission } from "./admission.js";
import type { EngineConfig } from "./config.js";
import type { Presence } from "./presence.js";
import type { FrameProblem } from "./problems.js";

export const USER_FULL: FrameProblem = {
  code: "too_many_connections",
  message: "too many connections for this user in this room",
};

/** Whether `user` already holds as many sockets here as one user may (0 = no limit). */
export function userAtLimit(presence: Presence, config: EngineConfig, user: string): boolean {
  const max = config.maxConnectionsPerUser;
  return max > 0 && presence.connectionsOf(user) >= max;
}

/** A 429 for a socket this room cannot take, or null. */
export function connectionRefusal(
  presence: Presence,
  config: EngineConfig,
  { user, sharedUser }: Pick<Admission<unknown>, "user" | "sharedUser">,
): Response | null {
  const room = config.maxConnectionsPerRoom;
  if (room > 0 && presence.connectionCount >= room) {
    return Response.json({ error: "room is full", limit: room }, { status: 429 });
  }
  if (user !== undefined && !sharedUser && userAtLimit(presence, config, user)) {
    const limit = config.maxConnectionsPerUser;
    return Response.json({ error: USER_FULL.message, limit }, { status: 429 });
  }
  return null;
}
