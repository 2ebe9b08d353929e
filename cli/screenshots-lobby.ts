// The screens outside a room for `npm run screenshots`: the room directory with the create form,
// the owner key after creating a room, and a password room's prompt after a wrong guess.
import type { Page } from "playwright-core";
import WebSocket from "ws";
import { RoomsApi } from "../src/client/rooms-api.js";
import type { Scheme, ShotBase, Viewport } from "./screenshots-kit.js";

/** Public rooms with people in them (raw sockets from here), and one private room (not listed). */
export async function furnishDirectory(origin: string): Promise<() => void> {
  const api = new RoomsApi(origin);
  await api.create({ name: "design-review", visibility: "public" });
  await api.create({ name: "night-owls", visibility: "public", password: "hoot" });
  await api.create({ name: "release-notes", visibility: "public" });
  await api.create({ name: "secret-plans", visibility: "private" });
  const people: Record<string, string[]> = {
    "design-review": ["mia", "noor"],
    "night-owls": ["owl"],
    "open-source": ["tux", "gnu", "bsd", "rust"],
  };
  const sockets: WebSocket[] = [];
  const ws = origin.replace(/^http/, "ws");
  for (const [room, names] of Object.entries(people)) {
    for (const name of names) {
      const ticket =
        room === "night-owls" ? `&ticket=${(await api.join(room, "hoot")).ticket}` : "";
      const socket = new WebSocket(`${ws}/ws?room=${room}&name=${name}${ticket}`);
      await new Promise((resolve, reject) => {
        socket.once("open", resolve);
        socket.once("error", reject);
      });
      sockets.push(socket);
    }
  }
  return () => {
    for (const socket of sockets) socket.close();
  };
}

async function lobbyPage(o: ShotBase, viewport: Viewport, scheme: Scheme): Promise<Page> {
  const context = await o.browser.newContext({ viewport, colorScheme: scheme });
  await context.addInitScript(() => localStorage.setItem("parlor.name", "Ada Lovelace"));
  const page = await context.newPage();
  await page.goto(`${o.origin}/?rooms`);
  // The directory hears of presence within a couple of seconds; wait for the busiest room.
  await page.locator('[data-room="open-source"]').getByText("4 online").waitFor();
  return page;
}

export async function lobbyShots(o: ShotBase, scheme: Scheme): Promise<void> {
  const desktop = await lobbyPage(o, o.desktop, scheme);
  await desktop.getByLabel("Room name optional", { exact: true }).fill("book-club");
  await desktop.getByRole("radio", { name: /^Private/ }).check();
  await o.shot(desktop, `directory-${scheme}.png`);
  await desktop.getByLabel("Room name optional", { exact: true }).fill(`book-club-${scheme}`);
  await desktop.getByLabel("Password optional", { exact: true }).fill("chapter-one");
  await desktop.getByRole("button", { name: "Create room" }).click();
  await desktop.getByTestId("owner-key").waitFor();
  await o.shot(desktop, `room-created-${scheme}.png`);
  await desktop.context().close();

  const phone = await lobbyPage(o, o.phone, scheme);
  await o.shot(phone, `directory-phone-${scheme}.png`, true);
  await phone.context().close();

  for (const [viewport, suffix] of [
    [o.desktop, ""],
    [o.phone, "phone-"],
  ] as const) {
    const guest = await o.browser.newContext({ viewport, colorScheme: scheme });
    await guest.addInitScript(() => localStorage.setItem("parlor.name", "Grace Hopper"));
    const page = await guest.newPage();
    await page.goto(`${o.origin}/?room=night-owls`);
    await page.getByLabel("Room password").fill("owls?");
    await page.getByRole("button", { name: "Enter the room" }).click();
    await page.getByText("Wrong password").waitFor();
    await o.shot(page, `password-${suffix}${scheme}.png`);
    await guest.close();
  }
}
