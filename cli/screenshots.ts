// `npm run screenshots`: the main screens of the web app, desktop and phone, light and dark, into
// docs/screenshots/. Starts its own Parlor (fresh state) and drives Debian's Chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../test/support/browser.js";
import { inRoomShots } from "./screenshots-in-room.js";
import type { Scheme, ShotBase } from "./screenshots-kit.js";
import { furnishDirectory, lobbyShots } from "./screenshots-lobby.js";
import { serve } from "./server/serve.js";

const out = path.resolve(import.meta.dirname, "../docs/screenshots");
fs.mkdirSync(out, { recursive: true });
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-shots-"));
const server = await serve({ port: 0, stateDir, verbose: false, containers: false });
const origin = server.url.origin;
const browser = await launchChromium();
const only = process.argv[2];

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function person(
  b: Browser,
  name: string,
  room: string,
  viewport = DESKTOP,
  colorScheme: Scheme = "light",
  storage: Record<string, string> = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await b.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
  await context.addInitScript(
    (entries) => {
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    },
    { "parlor.name": name, ...storage },
  );
  const page = await context.newPage();
  await page.goto(`${origin}/?room=${room}`);
  await page.locator('[data-status="connected"]').waitFor({ state: "attached" });
  return { context, page };
}

async function say(page: Page, text: string) {
  const box = page.getByRole("textbox");
  await box.fill(text);
  await box.press("Enter");
  await page
    .locator(".msg.pending")
    .first()
    .waitFor({ state: "detached" })
    .catch(() => {});
}

async function shot(page: Page, file: string, fullPage = false) {
  if (only && !file.includes(only)) return;
  await page.screenshot({ path: path.join(out, file), fullPage });
  console.log(`docs/screenshots/${file}`);
}

const lobby: ShotBase = { browser, origin, desktop: DESKTOP, phone: PHONE, shot };
const leaveDirectory = await furnishDirectory(origin);

try {
  for (const scheme of ["light", "dark"] as const) {
    const room = scheme === "light" ? "launch" : "launch-night";
    // The name prompt.
    const fresh = await browser.newContext({ viewport: DESKTOP, colorScheme: scheme });
    const prompt = await fresh.newPage();
    await prompt.goto(`${origin}/?room=${room}`);
    await prompt.getByLabel("Your name").fill("Ada Lovelace");
    await shot(prompt, `name-prompt-${scheme}.png`);

    // A busy room: three people, a conversation, someone typing.
    const ada = await person(browser, "Ada Lovelace", room, DESKTOP, scheme);
    const grace = await person(browser, "Grace Hopper", room, DESKTOP, scheme);
    const linus = await person(browser, "Linus", room, DESKTOP, scheme);
    await say(grace.page, "Morning! Did the deploy go out?");
    await say(
      ada.page,
      "It did, about ten minutes ago. Rooms moved to the new storage without a hitch.",
    );
    await say(ada.page, "Dashboard: https://example.com/parlor/status");
    await say(linus.page, "Nice. Latency looks flat on my side too.");
    await say(grace.page, "Great work. I'll write the release notes.");
    await linus.page.getByRole("textbox").fill("Let me check the");
    await ada.page.getByText("Linus is typing").waitFor();
    await shot(ada.page, `room-${scheme}.png`);

    // A direct-message thread.
    await ada.page.getByRole("button", { name: "Grace Hopper: send a direct message" }).click();
    await say(ada.page, "Can you look at my PR before the release notes?");
    await grace.page.getByRole("button", { name: /Direct messages with Ada Lovelace/ }).click();
    await say(grace.page, "Sure, sending comments in a few minutes.");
    await ada.page.getByText("Sure, sending comments").waitFor();
    await shot(ada.page, `direct-${scheme}.png`);

    // The phone layout.
    const phone = await person(browser, "Katherine", room, PHONE, scheme);
    await phone.page.getByText("Great work.").waitFor();
    await shot(phone.page, `phone-${scheme}.png`);
    await phone.page.getByRole("button", { name: "Open rooms and people" }).click();
    await phone.page.waitForTimeout(300); // the drawer's slide-in
    await shot(phone.page, `phone-menu-${scheme}.png`);

    // Outside a room: the directory (this room is listed too), creating a room, a password.
    await lobbyShots(lobby, scheme);

    for (const p of [ada, grace, linus, phone]) await p.context.close();
    await fresh.close();
  }
  leaveDirectory();

  await inRoomShots({ browser, origin, desktop: DESKTOP, phone: PHONE, person, say, shot });

  // Reconnecting: the server goes away under an open page.
  const room = "launch-retro";
  const ada = await person(browser, "Ada Lovelace", room);
  await say(ada.page, "Testing what happens when the server restarts.");
  await server.stop();
  await ada.page.getByRole("button", { name: "Retry now" }).waitFor();
  await ada.page.getByRole("textbox").fill("This one waits for the connection");
  await ada.page.getByRole("textbox").press("Enter");
  await ada.page.getByText("Reconnecting in").waitFor();
  await shot(ada.page, "reconnecting-light.png");
  await ada.context.close();
} finally {
  await browser.close();
  await server.stop().catch(() => {});
}
