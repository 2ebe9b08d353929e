// A user's socket right after a flood under the same user (another tab, or someone claiming the
// name): it may be refused for a moment while the user's bucket refills, but never closed.
import { expect } from "vitest";
import { sleep, type TestSocket } from "./ws.js";

/**
 * Sends a burst of 50 Parlor messages, then one more until it is acked. Every answer is an ack
 * or a `rate_limited` refusal (refused before parsing, so without a clientId: answers are
 * counted in order), and the socket stays open; a 1008 close fails the wait.
 */
export async function burstSurvives(socket: TestSocket): Promise<void> {
  const answer = () => socket.next((f) => f.type === "ack" || f.type === "error");
  for (let i = 0; i < 50; i++) socket.send({ type: "message", message: "b", clientId: `b-${i}` });
  for (let i = 0; i < 50; i++) {
    const got = await answer();
    if (got.type === "error") expect(got.code).toBe("rate_limited");
  }
  for (let tries = 0; ; tries++) {
    socket.send({ type: "message", message: "probe", clientId: `probe-${tries}` });
    const got = await answer();
    if (got.type === "ack") break;
    expect(got.code).toBe("rate_limited");
    expect(tries).toBeLessThan(100);
    await sleep(50);
  }
  expect(socket.closed).toBeNull();
}
