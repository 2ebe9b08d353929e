// The room's owner in Chromium: remove a message (others drop it live), kick, ban and unban from
// the member list, delete the room while someone is in it, and a refused owner key. Rooms are
// created over REST; the owner key goes into the owner's localStorage as the lobby would put it.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, createRoom } from "../support/rooms-api.js";
import { connected, countText, send, useBrowserSuite, waitForMessage } from "./chat-page.js";

const suite = useBrowserSuite();

async function ownedRoom(name: string) {
  const { ownerKey } = await createRoom(suite.parlor.server.http, { name });
  return { ownerKey, storage: { [`parlor.ownerKey.${name}`]: ownerKey } };
}

/** Answers the open confirm dialog with its destructive button. */
async function confirm(page: Page, title: RegExp, button: string | RegExp) {
  const dialog = page.getByRole("dialog", { name: title });
  await dialog.waitFor();
  await dialog.getByRole("button", { name: button }).click();
  await dialog.waitFor({ state: "hidden" });
}

/** Opens a raw WebSocket from the page: "open" or "refused". */
function probeSocket(page: Page, room: string, name: string) {
  return page.evaluate(
    ({ room, name }) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(
          `${location.origin.replace("http", "ws")}/ws?room=${room}&name=${name}`,
        );
        ws.onopen = () => {
          ws.close();
          resolve("open");
        };
        ws.onerror = () => resolve("refused");
      }),
    { room, name },
  );
}

describe("owner controls in the chat", () => {
  it("shows no owner controls without the room's owner key", async () => {
    const room = "mod-visitor";
    await ownedRoom(room);
    const bob = await suite.open("bob", room);
    await send(bob.page, "just visiting");
    await waitForMessage(bob.page, "just visiting");
    expect(await bob.page.getByRole("button", { name: /Remove message/ }).count()).toBe(0);
    expect(await bob.page.getByRole("button", { name: "Delete room" }).count()).toBe(0);
  });

  it("removes a message: the other screen drops it live, and it stays gone after a reload", async () => {
    const room = "mod-remove";
    const { storage } = await ownedRoom(room);
    const olga = await suite.open("olga", room, { storage });
    const bob = await suite.open("bob", room);
    await olga.page.getByText("Your owner key lives only in this browser").waitFor();

    await send(bob.page, "buy cheap watches");
    await send(bob.page, "sorry, wrong room");
    await waitForMessage(olga.page, "sorry, wrong room");
    await waitForMessage(bob.page, "sorry, wrong room");

    await olga.page
      .locator("article.msg[data-seq]", { hasText: "buy cheap watches" })
      .getByRole("button", { name: "Remove message from bob" })
      .click();
    await confirm(olga.page, /Remove this message/, "Remove message");

    await expect.poll(() => countText(bob.page, "buy cheap watches")).toBe(0);
    await expect.poll(() => countText(olga.page, "buy cheap watches")).toBe(0);
    expect(await countText(bob.page, "sorry, wrong room")).toBe(1);

    await bob.page.reload();
    await waitForMessage(bob.page, "sorry, wrong room");
    expect(await countText(bob.page, "buy cheap watches")).toBe(0);
  });

  it("works from the keyboard: Escape cancels, the safe choice is focused first", async () => {
    const room = "mod-keys";
    const { storage } = await ownedRoom(room);
    const olga = await suite.open("olga", room, { storage });
    await send(olga.page, "typo in here");
    await waitForMessage(olga.page, "typo in here");
    const remove = olga.page.getByRole("button", { name: "Remove message from you" });
    const dialog = olga.page.getByRole("dialog", { name: /Remove this message/ });

    await remove.focus();
    await olga.page.keyboard.press("Enter");
    await dialog.waitFor();
    expect(await olga.page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await olga.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await countText(olga.page, "typo in here")).toBe(1);

    await remove.focus();
    await olga.page.keyboard.press("Enter");
    await dialog.waitFor();
    await olga.page.keyboard.press("Tab");
    await olga.page.keyboard.press("Enter");
    await expect.poll(() => countText(olga.page, "typo in here")).toBe(0);
  });

  it("kicks a member, who is told and may rejoin", async () => {
    const room = "mod-kick";
    const { storage } = await ownedRoom(room);
    const olga = await suite.open("olga", room, { storage });
    const bob = await suite.open("bob", room);
    await olga.page.getByRole("button", { name: "Kick bob" }).click();
    await confirm(olga.page, /Kick bob/, "Kick bob");

    await bob.page.getByRole("heading", { name: `You were removed from #${room}` }).waitFor();
    await bob.page.getByRole("button", { name: `Rejoin #${room}` }).click();
    await connected(bob.page);
    await send(bob.page, "I am back");
    await waitForMessage(olga.page, "I am back");
  });

  it("bans a member, who is told and cannot rejoin until unbanned", async () => {
    const room = "mod-ban";
    const { storage, ownerKey } = await ownedRoom(room);
    const olga = await suite.open("olga", room, { storage });
    const bob = await suite.open("bob", room, { allowConsole: /WebSocket connection/ });
    await olga.page.getByRole("button", { name: "Ban bob" }).click();
    await confirm(olga.page, /Ban bob/, "Ban bob");

    const banned = bob.page.getByRole("heading", { name: `You are banned from #${room}` });
    await banned.waitFor();
    // The owner's list of bans shows bob; the server agrees.
    await olga.page.getByRole("list", { name: "Banned people" }).getByText("bob").waitFor();
    const bans = await api(suite.parlor.server.http, "GET", `/api/rooms/${room}/bans`, {
      ownerKey,
    });
    expect(bans.body).toEqual({ bans: ["bob"] });

    // A reload still says so, and the room really refuses bob's socket.
    await bob.page.reload();
    await banned.waitFor();
    expect(await probeSocket(bob.page, room, "bob")).toBe("refused");
    // Trying again while the ban holds ends where it began (the page notes the ban anew).
    const remembered = () =>
      bob.page.evaluate((r) => localStorage.getItem(`parlor.banned.${r}.bob`), room);
    const before = await remembered();
    expect(before).not.toBe(null);
    await bob.page.getByRole("button", { name: "Try again" }).click();
    // "Try again" forgets the ban, then notes it anew when refused: wait for the new note,
    // not just for the old one to go (between the two, nothing is remembered).
    const notedAnew = async () => {
      const now = await remembered();
      return now !== null && now !== before;
    };
    await expect.poll(notedAnew).toBe(true);
    await banned.waitFor();
    expect(await bob.page.locator('[data-status="connected"]').count()).toBe(0);

    await olga.page.getByRole("button", { name: "Unban bob" }).click();
    await olga.page.getByText("Nobody is banned.").waitFor();
    await bob.page.getByRole("button", { name: "Try again" }).click();
    await connected(bob.page);
  });

  it("deletes the room while someone is in it: they are told and offered the directory", async () => {
    const room = "mod-delete";
    const { storage } = await ownedRoom(room);
    const olga = await suite.open("olga", room, { storage });
    const bob = await suite.open("bob", room);
    await send(bob.page, "a message that will be erased");
    await waitForMessage(olga.page, "a message that will be erased");

    await olga.page.getByRole("button", { name: "Delete room" }).click();
    await confirm(olga.page, new RegExp(`Delete #${room}\\?`), `Delete #${room}`);

    await bob.page.getByRole("heading", { name: `#${room} was deleted` }).waitFor();
    await olga.page.getByRole("heading", { name: `#${room} was deleted` }).waitFor();
    const browse = bob.page.getByRole("button", { name: "Browse rooms" });
    await browse.waitFor();
    // The owner key died with the room.
    expect(
      await olga.page.evaluate((r) => localStorage.getItem(`parlor.ownerKey.${r}`), room),
    ).toBe(null);

    await bob.page.reload();
    await connected(bob.page);
    await bob.page.getByText(`Welcome to #${room}`).waitFor();
    expect(await bob.page.locator("article.msg[data-seq]").count()).toBe(0);

    // Olga takes the offer of the directory.
    await olga.page.getByRole("button", { name: "Browse rooms" }).click();
    await olga.page.getByRole("heading", { name: "Rooms", exact: true }).waitFor();
  });

  it("says plainly when the key is refused, and forgets it", async () => {
    const room = "mod-wrong-key";
    await ownedRoom(room);
    const mallory = await suite.open("mallory", room, {
      storage: { [`parlor.ownerKey.${room}`]: "not-the-key" },
      allowConsole: /status of 403/,
    });
    await send(mallory.page, "mine now");
    await waitForMessage(mallory.page, "mine now");
    await mallory.page.getByText("This browser is not the owner of").waitFor();
    // The refused key is gone, and with it the controls.
    await expect
      .poll(() => mallory.page.evaluate((r) => localStorage.getItem(`parlor.ownerKey.${r}`), room))
      .toBe(null);
    expect(await mallory.page.getByRole("button", { name: "Delete room" }).count()).toBe(0);
  });
});
