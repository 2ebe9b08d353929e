// Secure mode (issue 9, findings 1 and 4): a socket's user is its verified token's name. A frame
// that claims another user (seed 002's `join`, or its `message` with a `userId`) is refused with
// an error frame and nothing of it is kept; claiming the socket's own name is accepted.
import type { FrameProblem } from "../engine/problems.js";
import { ANONYMOUS } from "./anonymous.js";
import type { ChatCommand } from "./events.js";

/** The problem with a command's claimed user on this socket, or null when there is none. */
export function claimProblem(
  socket: { user?: string; state: { verified?: boolean } },
  command: ChatCommand,
): FrameProblem | null {
  if (!socket.state.verified) return null;
  const claimed =
    command.kind === "identify"
      ? command.user
      : command.kind === "say"
        ? command.claimedUser
        : undefined;
  if (claimed === undefined || claimed === socket.user) return null;
  const message = `this socket is ${socket.user ?? ANONYMOUS} and cannot speak as ${claimed}`;
  return { code: "identity_mismatch", message };
}
