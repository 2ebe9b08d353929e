// Security settings, read from the Worker's environment (vars, `.dev.vars`, `wrangler secret`).
import { limit } from "../../rooms/engine/env-numbers.js";

export interface SecurityEnv {
  /** Set: secure mode (every upgrade and API call needs a token). Unset: open mode. */
  AUTH_SECRET?: string;
  /** Comma-separated origins allowed to open WebSockets cross-site (`*`: any). */
  ALLOWED_ORIGINS?: string;
  /** Guest sign-in: seconds a guest token (and the hold on its name) lasts. */
  GUEST_TOKEN_TTL_SECONDS?: string;
  /** Per client IP: connect attempts per minute, and live connections at once (0 = off). */
  CONNECT_ATTEMPTS_PER_MINUTE?: string;
  MAX_CONNECTIONS_PER_IP?: string;
}

export interface SecurityConfig {
  mode: "open" | "secure";
  secret: string | null;
  /** null: only the app's own origin (secure mode default); "*": any origin. */
  allowedOrigins: Set<string> | "*" | null;
  guestTtlSeconds: number;
  attemptsPerMinute: number;
  maxConnectionsPerIp: number;
}

export function readSecurityConfig(env: SecurityEnv): SecurityConfig {
  const secret = env.AUTH_SECRET?.trim() || null;
  const secure = secret !== null;
  const origins = (env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
  return {
    mode: secure ? "secure" : "open",
    secret,
    // Open mode keeps the seeds' browser examples (any page, file://) working unless told otherwise.
    allowedOrigins: origins.includes("*")
      ? "*"
      : origins.length > 0
        ? new Set(origins)
        : secure
          ? null
          : "*",
    guestTtlSeconds: limit(env.GUEST_TOKEN_TTL_SECONDS, 24 * 3600) || 24 * 3600,
    // Off by default in open mode (local load tests open thousands of sockets from one address).
    attemptsPerMinute: limit(env.CONNECT_ATTEMPTS_PER_MINUTE, secure ? 600 : 0),
    maxConnectionsPerIp: limit(env.MAX_CONNECTIONS_PER_IP, secure ? 256 : 0),
  };
}
