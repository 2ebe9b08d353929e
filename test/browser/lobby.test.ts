// The web app outside a room, in Chromium: creating a password room and joining it from a second
// browser (wrong, then right password), and the live directory of public rooms.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { RoomsApi, type RoomsApiError } from "../../src/client/rooms-api.js";
import { connected, send, useBrowserSuite, waitForMessage, watch } from "./chat-page.js";

const suite = useBrowserSuite();
// A refused fetch (403 wrong password, 409 taken name) is logged by Chromium as a console error.
const REFUSED = /status of (403|409)/;

async function newPerson(name: string, path: string, allow?: RegExp): Promise<Page> {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((n) => localStorage.setItem("parlor.name", n), name);
  const page = await context.newPage();
  watch(page, name, suite.errors, allow);
  await page.goto(`${suite.parlor.server.http}${path}`);
  return page;
}

/** The directory row of a room (a link that joins it). */
const row = (page: Page, room: string) => page.locator(`.room-row[data-room="${room}"]`);

describe("the lobby", () => {
  it("creates a password room; a second browser joins it after a wrong and then the right password", async () => {
    const owner = await newPerson("olive", "/?rooms");
    await owner.getByLabel("Room name optional", { exact: true }).fill("lobby-pw");
    await owner.getByRole("radio", { name: /^Private/ }).check();
    await owner.getByLabel("Password optional", { exact: true }).fill("open-sesame");
    await owner.getByRole("button", { name: "Create room" }).click();

    // The owner key is shown once, kept in this browser, with the plain warning.
    const key = await owner.getByTestId("owner-key").inputValue();
    expect(key.length).toBeGreaterThan(16);
    expect(await owner.evaluate(() => localStorage.getItem("parlor.ownerKey.lobby-pw"))).toBe(key);
    await owner.getByText("This key is kept only in this browser.").waitFor();
    await owner.getByText(/you lose owner rights/).waitFor();
    // The owner enters without typing the password: the kept key buys the ticket.
    await owner.getByRole("link", { name: "Enter #lobby-pw" }).click();
    await connected(owner);
    expect(new URL(owner.url()).searchParams.get("room")).toBe("lobby-pw");

    const guest = await newPerson("gus", "/?room=lobby-pw", REFUSED);
    const field = guest.getByLabel("Room password");
    const enter = guest.getByRole("button", { name: "Enter the room" });
    await field.fill("not-it");
    await enter.click();
    await guest.getByRole("alert").getByText("Wrong password").waitFor();
    // The next guess waits: the button counts down, then comes back.
    await guest.getByRole("button", { name: /Try again in \d+ s/ }).waitFor();
    expect(await guest.getByRole("button", { name: /Try again in/ }).isDisabled()).toBe(true);
    await field.fill("open-sesame");
    await enter.waitFor();
    await expect.poll(() => enter.isEnabled(), { timeout: 10_000 }).toBe(true);
    await enter.click();
    await connected(guest);

    await send(guest, "the password worked");
    await waitForMessage(owner, "the password worked");
    await send(owner, "welcome in, gus");
    await waitForMessage(guest, "welcome in, gus");
  });

  it("shows the server's 429 and its wait once this client guessed wrong too often", async () => {
    const api = new RoomsApi(suite.parlor.server.http);
    await api.create({ name: "lobby-locked", visibility: "public", password: "right-one" });
    // Wrong guesses from this machine (the same client as the browser) until the server refuses.
    await expect
      .poll(
        async () => {
          try {
            await api.join("lobby-locked", "wrong");
            return 200;
          } catch (error) {
            return (error as RoomsApiError).status;
          }
        },
        { timeout: 30_000, interval: 0 },
      )
      .toBe(429);

    const guest = await newPerson("gil", "/?room=lobby-locked", /status of 429/);
    await guest.getByLabel("Room password").fill("right-one");
    await guest.getByRole("button", { name: "Enter the room" }).click();
    const alert = guest.getByRole("alert");
    await expect
      .poll(() => alert.textContent())
      .toMatch(/Too many wrong passwords\. You can try again in \d+ seconds\./);
    const wait = guest.getByRole("button", { name: /Try again in \d+ s/ });
    expect(await wait.isDisabled()).toBe(true);
    expect(Number(/(\d+) s/.exec((await wait.textContent()) ?? "")?.[1])).toBeGreaterThan(30);
  });

  it("lists public rooms with live online counts, never private ones; a click joins", async () => {
    const api = new RoomsApi(suite.parlor.server.http);
    await api.create({ name: "lobby-public", visibility: "public" });
    await api.create({ name: "lobby-hidden", visibility: "private" });

    const viewer = await newPerson("vera", "/?rooms", REFUSED);
    const listed = row(viewer, "lobby-public");
    await listed.getByText("nobody here").waitFor({ timeout: 20_000 });

    // Someone joins each room: the directory follows, without a reload.
    await suite.open("pat", "lobby-public");
    await suite.open("hal", "lobby-hidden");
    await listed.getByText("1 online").waitFor({ timeout: 20_000 });
    // The private room (reported with the same presence change) never shows.
    expect(await row(viewer, "lobby-hidden").count()).toBe(0);
    expect(await viewer.locator(".room-row").allTextContents()).not.toContainEqual(
      expect.stringContaining("lobby-hidden"),
    );

    // A taken name gets a clear message.
    await viewer.getByLabel("Room name optional", { exact: true }).fill("lobby-public");
    await viewer.getByRole("button", { name: "Create room" }).click();
    await viewer.getByRole("alert").getByText("already exists").waitFor();

    // A click joins the room; the sidebar leads back to the directory.
    await listed.click();
    await connected(viewer);
    expect(new URL(viewer.url()).searchParams.get("room")).toBe("lobby-public");
    await viewer.getByRole("button", { name: "Browse rooms" }).click();
    // Leaving the room for the directory closed vera's socket: pat is the one left.
    await row(viewer, "lobby-public").getByText("1 online").waitFor({ timeout: 20_000 });
    expect(new URL(viewer.url()).search).toBe("?rooms");
  });
});
