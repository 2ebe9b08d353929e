// What a chat room has stored, read black-box through Parlor's own dialect: the welcome's
// lastSeq, then every history page from the newest back to the first.
import { type Frame, TestSocket } from "../support/ws.js";

export interface RoomHistory {
  lastSeq: number;
  /** Every stored entry the probe may see (room messages, and directs to or from it), oldest first. */
  entries: Frame[];
}

export async function roomHistory(
  base: string,
  room: string,
  timeoutMs = 20_000,
): Promise<RoomHistory> {
  const name = `probe-${Math.random().toString(36).slice(2, 8)}`;
  const probe = await TestSocket.open(`${base}/ws?room=${room}&name=${name}`);
  try {
    const welcome = await probe.nextOfType("welcome", timeoutMs);
    const entries: Frame[] = [];
    let before: number | undefined;
    for (;;) {
      probe.send({ type: "history", limit: 200, ...(before !== undefined ? { before } : {}) });
      const page = await probe.nextOfType("history", timeoutMs);
      const messages = page.messages as Frame[];
      entries.unshift(...messages);
      if (!page.hasMore || messages.length === 0) break;
      before = Number(messages[0]?.seq);
    }
    return { lastSeq: Number(welcome.lastSeq), entries };
  } finally {
    probe.close();
  }
}
