// The server restarts under open pages: they reconnect and resume, and a message typed while
// the server was down is delivered exactly once; nothing is lost or doubled on either side.
import { describe, expect, it } from "vitest";
import {
  connected,
  countText,
  messages,
  send,
  useBrowserSuite,
  waitForMessage,
} from "./chat-page.js";

const suite = useBrowserSuite();
// While the server is down, Chromium itself logs each refused WebSocket connection.
const REFUSED = /WebSocket connection to .* failed/;

describe("the web app across a server restart", () => {
  it("reconnects, sends what was typed offline exactly once, and loses nothing", async () => {
    const room = "restart";
    const alice = await suite.open("alice", room, { allowConsole: REFUSED });
    const bob = await suite.open("bob", room, { allowConsole: REFUSED });
    await send(alice.page, "before the restart");
    await waitForMessage(bob.page, "before the restart");
    await send(bob.page, "me too");
    await waitForMessage(alice.page, "me too");

    await suite.parlor.server.restart(async () => {
      // The server is gone: the page says so, and what Alice sends now waits as pending.
      await alice.page.getByRole("button", { name: "Retry now" }).waitFor();
      await alice.page.getByRole("status").filter({ hasText: "Reconnecting" }).waitFor();
      await send(alice.page, "typed while the server was down");
      await alice.page.locator("article.msg.pending", { hasText: "typed while" }).waitFor();
      await alice.page.getByText("1 message will be sent when it is back").waitFor();
    });
    // Back: don't wait out the backoff.
    for (const person of [alice, bob]) {
      const retry = person.page.getByRole("button", { name: "Retry now" });
      if (await retry.isVisible()) await retry.click().catch(() => {});
    }
    await connected(alice.page, 60_000);
    await connected(bob.page, 60_000);

    await waitForMessage(bob.page, "typed while the server was down", 60_000);
    await waitForMessage(alice.page, "typed while the server was down", 60_000);
    await expect.poll(() => alice.page.locator("article.msg.pending").count()).toBe(0);
    const expected = ["before the restart", "me too", "typed while the server was down"];
    for (const page of [alice.page, bob.page]) {
      await expect.poll(async () => (await messages(page)).map((m) => m.text)).toEqual(expected);
    }
    // And the same after a reload, from the server's history.
    for (const page of [alice.page, bob.page]) {
      await page.reload();
      await waitForMessage(page, "typed while the server was down");
      expect((await messages(page)).map((m) => m.text)).toEqual(expected);
      expect(await countText(page, "typed while the server was down")).toBe(1);
    }
  });
});
