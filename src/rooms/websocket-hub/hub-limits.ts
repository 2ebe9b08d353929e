// The seed 001 hub's fan-out limits (issue 9, finding 9): every broadcast is copied to every
// other socket, and every connect and disconnect was announced to every socket, so a big frame
// or a big hub multiplied one client's bytes by the hub's size.
import type { EngineEnv } from "../engine/config.js";

export interface HubEnv extends EngineEnv {
  /** Largest relayed `broadcast` frame, in bytes of JSON. */
  HUB_MAX_BROADCAST_BYTES?: string;
  /** Above this many connections, `user_connected` / `user_disconnected` go to nobody. */
  HUB_PRESENCE_MAX?: string;
}

export interface HubLimits {
  maxBroadcastBytes: number;
  presenceMax: number;
}

function whole(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(n) && n >= 0 ? n : fallback;
}

export function readHubLimits(env: HubEnv): HubLimits {
  return {
    maxBroadcastBytes: whole(env.HUB_MAX_BROADCAST_BYTES, 64 * 1024) || 64 * 1024,
    // As in chat rooms (LIVE_PRESENCE_MAX): announcing each arrival costs the square of the hub.
    presenceMax: whole(env.HUB_PRESENCE_MAX, 100),
  };
}
