// Half-open connections: a client that vanishes without a close (its network frozen both ways,
// TCP still up) is found by the idle alarm, closed, and leaves presence within
// IDLE_TIMEOUT_MS + the sweep interval (IDLE_TIMEOUT_MS / 2, at most 60 s), in every dialect.
import { afterAll, expect, it } from "vitest";
import { useParlor } from "../support/server.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { TestSocket } from "../support/ws.js";

const IDLE_MS = 2000;
const parlor = useParlor({ vars: { IDLE_TIMEOUT_MS: String(IDLE_MS) } });
let proxy: TcpProxy | undefined;
afterAll(async () => {
  await proxy?.close();
});

it("clears a vanished client's presence within the idle timeout plus one sweep", async () => {
  proxy = await TcpProxy.start(parlor.server.port);
  const watcher = await parlor.open("/ws?room=ghosts&name=watcher");
  const hubWatcher = await parlor.open("/ws?id=ghosts");
  await watcher.nextOfType("welcome");
  await hubWatcher.nextOfType("connected");
  // The watchers stay active (a ping is activity); the ghosts will not.
  const keepAlive = setInterval(() => {
    watcher.send({ type: "ping" });
    hubWatcher.send({ type: "ping" });
  }, IDLE_MS / 4);
  try {
    const ghosts = [
      await TestSocket.open(`${proxy.url}/ws?room=ghosts&name=ghost-parlor`),
      await TestSocket.open(`${proxy.url}/rooms/ghosts?userId=ghost-rooms`),
      await TestSocket.open(`${proxy.url}/api/chat?room=ghosts`),
      await TestSocket.open(`${proxy.url}/ws?id=ghosts`),
    ];
    parlor.sockets.push(...ghosts);
    ghosts[2]!.send({ type: "join", userId: "ghost-api" });
    for (const name of ["ghost-parlor", "ghost-rooms", "ghost-api"]) {
      await watcher.next((f) => f.type === "join" && f.name === name);
    }
    const hubGhost = await hubWatcher.nextOfType("user_connected");

    proxy.blackholeUp = true;
    proxy.blackholeDown = true;
    const frozenAt = Date.now();
    const bound = IDLE_MS + IDLE_MS / 2;
    // Bounded by the documented time plus slack for a loaded machine.
    const wait = bound + 8000;
    for (const name of ["ghost-parlor", "ghost-rooms", "ghost-api"]) {
      await watcher.next((f) => f.type === "leave" && f.name === name, wait);
    }
    const gone = await hubWatcher.nextOfType("user_disconnected", wait);
    expect(gone.data).toMatchObject({ id: (hubGhost.data as { id: string }).id });
    console.log(`half-open: presence cleared ${Date.now() - frozenAt} ms after the freeze`);
    expect(watcher.closed).toBeNull();
    expect(hubWatcher.closed).toBeNull();
  } finally {
    clearInterval(keepAlive);
  }
});
