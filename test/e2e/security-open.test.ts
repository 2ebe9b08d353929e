// Open mode (no AUTH_SECRET, `npm start`'s default) and the edge controls that work in both modes:
// a client cannot supply the identity header, ALLOWED_ORIGINS turns away cross-site upgrades,
// and per-IP connect attempts and live connections are limited (429 JSON) when configured.
import { describe, expect, it } from "vitest";
import { getJson, upgradeRefusal } from "../support/http.js";
import { useParlor } from "../support/server.js";
import { TestSocket } from "../support/ws.js";

const suite = useParlor({
  vars: {
    ALLOWED_ORIGINS: "https://app.example",
    CONNECT_ATTEMPTS_PER_MINUTE: "8",
    MAX_CONNECTIONS_PER_IP: "3",
  },
});

/** Each test its own client address (under `npm start` Miniflare takes CF-Connecting-IP as sent). */
const from = (ip: string, headers: Record<string, string> = {}) => ({
  headers: { "CF-Connecting-IP": ip, ...headers },
});

describe("open mode at the edge", () => {
  it("says it is open, and guest sign-in explains there is nothing to sign in to", async () => {
    expect((await getJson(`${suite.server.http}/api/auth/mode`)).body).toEqual({ mode: "open" });
    const guest = await getJson(`${suite.server.http}/api/auth/guest`, {
      method: "POST",
      body: '{"name":"x"}',
    });
    expect(guest.status).toBe(404);
    expect(guest.body.mode).toBe("open");
  });

  it("a client-supplied identity header does not make it someone else", async () => {
    const socket = await TestSocket.open(
      `${suite.server.ws}/ws?room=spoof&name=mallory`,
      from("10.0.0.1", {
        "X-Parlor-Identity": encodeURIComponent('{"sub":"user:bob","name":"bob"}'),
      }),
    );
    suite.sockets.push(socket);
    expect((await socket.nextOfType("welcome")).name).toBe("mallory");
    const rooms = await TestSocket.open(
      `${suite.server.ws}/rooms/spoof?userId=mallory`,
      from("10.0.0.1", { "X-Parlor-Identity": encodeURIComponent('{"sub":"b","name":"bob"}') }),
    );
    suite.sockets.push(rooms);
    rooms.send({ type: "chat", message: "who am I" });
    expect(await socket.nextOfType("message")).toMatchObject({ name: "mallory" });
  });

  it("ALLOWED_ORIGINS: cross-site upgrades get 403, listed and same-origin ones and no Origin work", async () => {
    const refused = await upgradeRefusal(
      `${suite.server.ws}/api/chat?room=o`,
      from("10.0.0.2", { Origin: "https://evil.example" }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("origin not allowed");
    for (const origin of ["https://app.example", suite.server.http, undefined]) {
      const socket = await TestSocket.open(
        `${suite.server.ws}/ws?id=origins`,
        from("10.0.0.2", origin ? { Origin: origin } : {}),
      );
      suite.sockets.push(socket);
      expect(await socket.nextOfType("connected")).toBeTruthy();
    }
  });

  it("live connections per IP are capped with a 429 JSON; closing one frees a place", async () => {
    const open: TestSocket[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = await TestSocket.open(
        `${suite.server.ws}/ws?room=cap&name=u${i}`,
        from("10.0.0.3"),
      );
      suite.sockets.push(socket);
      await socket.nextOfType("welcome");
      open.push(socket);
    }
    const refused = await upgradeRefusal(`${suite.server.ws}/ws?id=cap`, from("10.0.0.3"));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe("too many connections");
    // Another address is not affected.
    const other = await TestSocket.open(`${suite.server.ws}/ws?id=cap`, from("10.0.0.4"));
    suite.sockets.push(other);
    open[0]!.close();
    await open[0]!.waitClose();
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const again = await TestSocket.open(`${suite.server.ws}/ws?id=cap`, from("10.0.0.3"));
        suite.sockets.push(again);
        expect(await again.nextOfType("connected")).toBeTruthy();
        break;
      } catch (error) {
        // The room releases the lease as it handles the close: allow it a moment.
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  it("connect attempts per IP are rate limited with a 429 JSON and Retry-After", async () => {
    let refused: Awaited<ReturnType<typeof upgradeRefusal>> | null = null;
    for (let i = 0; i < 12 && !refused; i++) {
      const result = await upgradeRefusal(
        `${suite.server.ws}/ws?room=bad%20room&name=x`,
        from("10.0.0.5"),
      );
      if (result.status === 429) refused = result;
      else expect(result.status).toBe(400);
    }
    expect(refused?.body.error).toBe("too many connection attempts");
    expect(Number(refused?.headers["retry-after"])).toBeGreaterThan(0);
  });
});
