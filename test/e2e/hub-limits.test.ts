// Issue 9, finding 9: the seed 001 hub relayed broadcasts of up to 1 MiB to every other socket,
// and announced every connect and disconnect to every socket however large the hub. Now a
// broadcast over HUB_MAX_BROADCAST_BYTES (64 KiB of JSON) gets an error frame and reaches
// nobody, and above HUB_PRESENCE_MAX connections arrivals and departures are only counted.
import { describe, expect, it } from "vitest";
import { expectNoFrame } from "../support/frames.js";
import { useParlor } from "../support/server.js";

const suite = useParlor({ vars: { HUB_PRESENCE_MAX: "3" } });

describe("seed 001 hub fan-out limits (finding 9)", () => {
  it("a broadcast over 64 KiB is refused with an error frame and relayed to nobody", async () => {
    const sender = await suite.open("/ws?id=bigframes");
    await sender.nextOfType("connected");
    const reader = await suite.open("/ws?id=bigframes");
    await reader.nextOfType("connected");
    await sender.nextOfType("user_connected");

    // 900 KB of text (under the 1 MiB frame limit), and 20,000 control characters (120 KB
    // once escaped in the relayed JSON).
    for (const data of ["x".repeat(900_000), "\u0001".repeat(20_000)]) {
      sender.send({ type: "broadcast", data });
      const error = await sender.nextOfType("error");
      expect(error).toEqual({
        type: "error",
        message: "broadcast larger than 65536 bytes; not relayed",
      });
    }
    await expectNoFrame(reader, (f) => f.type === "broadcast");
    expect(sender.closed).toBeNull();

    // Just under the cap still goes, as the seed documents.
    const fits = "y".repeat(64 * 1024 - 64);
    sender.send({ type: "broadcast", data: fits });
    expect(await reader.nextOfType("broadcast")).toEqual({ type: "broadcast", data: fits });
  });

  it("above HUB_PRESENCE_MAX connections, connects and disconnects are not fanned out", async () => {
    const first = await suite.open("/ws?id=bighub");
    await first.nextOfType("connected");
    for (let i = 2; i <= 3; i++) {
      const socket = await suite.open("/ws?id=bighub");
      await socket.nextOfType("connected");
      expect(await first.nextOfType("user_connected")).toMatchObject({
        data: { totalConnections: i },
      });
    }
    const fourth = await suite.open("/ws?id=bighub");
    expect(await fourth.nextOfType("connected")).toMatchObject({ totalConnections: 4 });
    const fifth = await suite.open("/ws?id=bighub");
    expect(await fifth.nextOfType("connected")).toMatchObject({ totalConnections: 5 });
    fifth.close();
    await fifth.waitClose();
    await expectNoFrame(
      first,
      (f) => f.type === "user_connected" || f.type === "user_disconnected",
    );
    // The count stays exact: stats still tell how many are here.
    first.send({ type: "get_stats" });
    expect(await first.nextOfType("stats")).toMatchObject({ data: { totalConnections: 4 } });
  });
});
