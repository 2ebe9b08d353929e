// Why a seed 002 `join` may not name this socket's user (it names itself after connecting, so
// these are the admission checks of the other doors, made late): a banned user is closed with
// 4003; a user who already holds as many sockets here as one user may, with 1008.
import { CloseCode } from "../../protocol/limits.js";
import type { EngineConfig } from "../engine/config.js";
import { USER_FULL, userAtLimit } from "../engine/connection-limits.js";
import type { Presence } from "../engine/presence.js";
import type { FrameProblem } from "../engine/problems.js";
import type { RoomSettings } from "./room-settings.js";

export interface JoinRefusal {
  problem: FrameProblem;
  close: { code: number; reason: string };
}

export function joinRefusal(
  settings: RoomSettings,
  presence: Presence,
  config: EngineConfig,
  current: string | undefined,
  user: string,
): JoinRefusal | null {
  if (settings.isBanned(user)) {
    return {
      problem: { code: "banned", message: "banned from this room" },
      close: { code: CloseCode.banned, reason: "Banned from this room" },
    };
  }
  if (current !== user && userAtLimit(presence, config, user)) {
    return {
      problem: USER_FULL,
      close: { code: CloseCode.policy, reason: "Too many connections for this user" },
    };
  }
  return null;
}
