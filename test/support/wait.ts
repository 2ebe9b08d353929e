// Waiting for a condition that has no event to wake on (an SDK's state, an HTTP answer, a
// process): checks it until it holds, bounded. Frames have their own wait, TestSocket.next.
export async function eventually<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
