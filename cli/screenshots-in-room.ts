// `npm run screenshots`, inside a room: the owner's controls, a confirm, search results, a
// message shown in context, and the notice after the room was deleted; desktop and phone, light
// and dark. Called by cli/screenshots.ts with its helpers.
import type { Page } from "playwright-core";
import { RoomsApi } from "../src/client/rooms-api.js";
import type { ShotKit } from "./screenshots-kit.js";

async function search(page: Page, query: string) {
  await page.getByRole("button", { name: "Search messages" }).click();
  const box = page.getByRole("searchbox", { name: "Search messages" });
  await box.fill(query);
  await box.press("Enter");
  await page.getByRole("list", { name: `Results for ${query}` }).waitFor();
}

export async function inRoomShots(kit: ShotKit): Promise<void> {
  const { browser, person, say, shot } = kit;
  for (const scheme of ["light", "dark"] as const) {
    const room = scheme === "light" ? "onboarding" : "onboarding-night";
    const { ownerKey } = await new RoomsApi(kit.origin).create({
      name: room,
      visibility: "public",
    });
    const storage = { [`parlor.ownerKey.${room}`]: ownerKey };
    const ada = await person(browser, "Ada Lovelace", room, kit.desktop, scheme, storage);
    const grace = await person(browser, "Grace Hopper", room, kit.desktop, scheme);
    const linus = await person(browser, "Linus", room, kit.desktop, scheme);
    await say(grace.page, "The new onboarding flow is up on staging.");
    await say(linus.page, "Checked it on my phone: the deploy button wraps badly.");
    await say(ada.page, "Good catch. Can you file it before the deploy on Friday?");
    await say(linus.page, "BUY CHEAP WATCHES http://spam.example");
    await say(grace.page, "Filed. I also moved the deploy checklist into the wiki.");
    await ada.page.getByText("moved the deploy checklist").waitFor();

    // The owner's view: controls next to people and messages, the owner panel.
    const spam = ada.page.locator("article.msg[data-seq]", { hasText: "CHEAP" });
    await spam.hover();
    await shot(ada.page, `owner-${scheme}.png`);
    await spam.getByRole("button", { name: "Remove message from Linus" }).click();
    await ada.page.getByRole("dialog").waitFor();
    await shot(ada.page, `owner-confirm-${scheme}.png`);
    await ada.page.getByRole("dialog").getByRole("button", { name: "Remove message" }).click();
    await grace.page.getByText("CHEAP").waitFor({ state: "detached" });

    // Search, then a result in context.
    await search(grace.page, "deploy");
    await shot(grace.page, `search-${scheme}.png`);
    await grace.page.getByRole("button", { name: /deploy button wraps/ }).click();
    await grace.page.locator("article.msg.flash").waitFor();
    await shot(grace.page, `search-jump-${scheme}.png`);

    // On a phone: search results, and the owner's panel in the drawer.
    const phone = await person(browser, "Ada Lovelace", room, kit.phone, scheme, storage);
    await search(phone.page, "deploy");
    await shot(phone.page, `phone-search-${scheme}.png`);
    await phone.page.getByRole("button", { name: "Close search" }).click();
    await phone.page.getByRole("button", { name: "Open rooms and people" }).click();
    await phone.page.getByText("You own this room").waitFor();
    await phone.page.waitForTimeout(300); // the drawer's slide-in
    await phone.page.getByRole("button", { name: "Delete room" }).scrollIntoViewIfNeeded();
    await shot(phone.page, `phone-owner-${scheme}.png`);

    // Deleted while Grace is in it.
    await ada.page.getByRole("button", { name: "Delete room" }).click();
    await ada.page
      .getByRole("dialog")
      .getByRole("button", { name: `Delete #${room}` })
      .click();
    await grace.page.getByRole("heading", { name: `#${room} was deleted` }).waitFor();
    await shot(grace.page, `room-deleted-${scheme}.png`);

    for (const p of [ada, grace, linus, phone]) await p.context.close();
  }
}
