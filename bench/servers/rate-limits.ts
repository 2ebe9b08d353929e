/**
 * Parlor's rate limits, raised only as far as a flood from one sender at the saturation rate
 * needs (~1,000 messages/s at 100 listeners); the limiter still runs on every frame. In a module
 * of its own so the workerd rooms that write as Parlor does can use it too.
 */
export const BENCH_RATE_LIMITS = { RATE_LIMIT_PER_SECOND: "5000", RATE_LIMIT_BURST: "10000" };
