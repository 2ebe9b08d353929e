// Engine settings, read from the Worker's environment (wrangler.jsonc `vars`), with defaults.
import { DEFAULT_ANSWER_BYTES, MIN_ANSWER_BYTES } from "../../protocol/limits.js";
import type { BacklogLimits } from "./backlog.js";
import { limit, positive } from "./env-numbers.js";

export interface EngineEnv {
  HISTORY_RETENTION?: string;
  IDLE_TIMEOUT_MS?: string;
  RATE_LIMIT_PER_SECOND?: string;
  RATE_LIMIT_BURST?: string;
  /** Byte budget of one welcome, resume or history answer (docs/security.md). */
  ANSWER_BYTE_BUDGET?: string;
  /** Live sockets in one room, and per user in one room (0 = no limit). */
  MAX_CONNECTIONS_PER_ROOM?: string;
  MAX_CONNECTIONS_PER_USER?: string;
  SLOW_CONSUMER_BYTES?: string;
  SLOW_CONSUMER_MESSAGES?: string;
  /**
   * Benchmark-only: a comma list of guarantees to switch off ("persistence", "validation",
   * "rate-limits") so `npm run bench` can show what each costs. Never set it in production.
   */
  BENCH_DISABLE?: string;
}

export interface EngineConfig {
  /** Messages kept per room; older ones are trimmed. */
  retention: number;
  /** Sockets silent for this long are closed by the alarm with 1000 "Idle timeout". */
  idleTimeoutMs: number;
  /** Token bucket per user: frames per second, and the burst allowed on top. */
  ratePerSecond: number;
  rateBurst: number;
  /** Net rejected frames (each allowed frame takes one back) before a 1008 close. */
  rateStrikes: number;
  /** Most bytes of JSON one welcome, resume or history answer may carry (cut at a message). */
  answerBytes: number;
  /** Live sockets in one room / of one user in one room; 0 = no limit. */
  maxConnectionsPerRoom: number;
  maxConnectionsPerUser: number;
  /** When a socket counts as too far behind and is closed with 4008 (./backlog.ts). */
  backlog: BacklogLimits;
  /** Guarantees switched off for a benchmark (BENCH_DISABLE); empty in every real deployment. */
  benchDisabled: ReadonlySet<string>;
}

export function readConfig(env: EngineEnv): EngineConfig {
  return {
    retention: Math.floor(positive(env.HISTORY_RETENTION, 10_000)),
    idleTimeoutMs: positive(env.IDLE_TIMEOUT_MS, 10 * 60_000),
    ratePerSecond: positive(env.RATE_LIMIT_PER_SECOND, 50),
    rateBurst: positive(env.RATE_LIMIT_BURST, 200),
    rateStrikes: 100,
    answerBytes: Math.max(
      MIN_ANSWER_BYTES,
      Math.floor(positive(env.ANSWER_BYTE_BUDGET, DEFAULT_ANSWER_BYTES)),
    ),
    // Above the 10,000 sockets one room is measured to hold under `npm start` (bench), so the
    // bench and every seed example pass; a deployment lowers it to what its rooms need.
    maxConnectionsPerRoom: limit(env.MAX_CONNECTIONS_PER_ROOM, 16_384),
    // Tabs and devices of one person in one room.
    maxConnectionsPerUser: limit(env.MAX_CONNECTIONS_PER_USER, 32),
    backlog: {
      // A client that reads but never speaks is closed by the idle timeout (10 min) anyway; at
      // 8 MiB it must receive over ~14 KB/s for that long to be closed sooner.
      unheardBytes: positive(env.SLOW_CONSUMER_BYTES, 8 * 1024 * 1024),
      // Below MAX_RESUME (1000), so the closed client resumes instead of reloading.
      unreadMessages: Math.floor(positive(env.SLOW_CONSUMER_MESSAGES, 500)),
    },
    benchDisabled: new Set((env.BENCH_DISABLE ?? "").split(",").filter(Boolean)),
  };
}
