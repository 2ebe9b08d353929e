// Who a socket may say it is (issue 9, findings 1 and 4).
// - Secure mode: a socket's user is its verified token's name. A frame that claims another user
//   (seed 002's `join`, or its `message` with a `userId`) is refused with an error frame and
//   nothing of it is kept; claiming the socket's own name is accepted.
// - Every mode: one socket, one user. A seed 002 `join` after the socket joined as someone else
//   is refused the same way: it would announce a second join and move to a fresh rate bucket.
// - Secure mode: one subject per name in a room. While a subject has a socket in the room under
//   a name, another subject with the same name (a token minted elsewhere) is refused.
import { connectionOf } from "../engine/connection.js";
import type { FrameProblem } from "../engine/problems.js";
import type { Identity } from "../identity.js";
import type { ChatCommand } from "./events.js";

/** The problem with a command's claimed user on this socket, or null when there is none. */
export function claimProblem(
  socket: { user?: string; state: { verified?: boolean } },
  command: ChatCommand,
): FrameProblem | null {
  const claimed =
    command.kind === "identify"
      ? command.user
      : command.kind === "say" && socket.state.verified
        ? command.claimedUser
        : undefined;
  if (claimed === undefined || socket.user === undefined || claimed === socket.user) return null;
  const message = socket.state.verified
    ? `this socket is ${socket.user} and cannot speak as ${claimed}`
    : `this socket already joined as ${socket.user}; open another socket to join as ${claimed}`;
  return { code: "identity_mismatch", message };
}

/** Why `identity` cannot take its name here (another subject's live socket has it), or null. */
export function nameHolderProblem(sockets: WebSocket[], identity: Identity): string | null {
  for (const ws of sockets) {
    const conn = connectionOf(ws);
    if (!conn || conn.gone || conn.user !== identity.name) continue;
    if (conn.subject !== identity.sub) {
      return `the name ${identity.name} is in use in this room by another user`;
    }
  }
  return null;
}
