// Search in Chromium: highlighted snippets rendered as text, paging, a jump to a message far out
// of view (shown in context, highlighted), back to live, and direct messages only for their
// parties. The history is written from Node over real sockets, so the test does not wait on typing.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TestSocket } from "../support/ws.js";
import { send, useBrowserSuite, waitForMessage } from "./chat-page.js";

const suite = useBrowserSuite();

/** Sends these messages as `name`, one after another, each acknowledged before the next. */
async function write(room: string, name: string, texts: string[], to?: string) {
  const socket = await TestSocket.open(`${suite.parlor.server.ws}/ws?room=${room}&name=${name}`);
  try {
    await socket.nextOfType("welcome");
    for (const [i, text] of texts.entries()) {
      const clientId = `seed-${i}`;
      socket.send(
        to
          ? { type: "direct", to, message: text, clientId }
          : { type: "message", message: text, clientId },
      );
      await socket.next((f) => f.type === "ack" && f.clientId === clientId, 15_000);
    }
  } finally {
    socket.close();
  }
}

const filler = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `status update number ${from + i}, nothing to see`);

async function search(page: Page, query: string) {
  if ((await page.getByRole("searchbox", { name: "Search messages" }).count()) === 0) {
    await page.getByRole("button", { name: "Search messages" }).click();
  }
  const box = page.getByRole("searchbox", { name: "Search messages" });
  await box.fill(query);
  await box.press("Enter");
  return page.getByRole("list", { name: `Results for ${query}` });
}

/** Whether the element is inside the visible part of the message log. */
function inView(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const log = document.querySelector(".timeline");
    if (!el || !log) return false;
    const a = el.getBoundingClientRect();
    const b = log.getBoundingClientRect();
    return a.top >= b.top && a.bottom <= b.bottom;
  }, selector);
}

describe("search in the chat", () => {
  it("finds a word, shows safe highlighted snippets, and jumps to the message in context", async () => {
    const room = "search-jump";
    await write(room, "grace", [
      ...filler(0, 20),
      "the walrus ate a <b>pineapple</b> at dawn",
      ...filler(20, 120),
    ]);
    const ada = await suite.open("ada", room);
    await waitForMessage(ada.page, "status update number 139");
    // The target is far above what the page loaded.
    expect(await ada.page.locator("article.msg[data-seq]", { hasText: "walrus" }).count()).toBe(0);

    const results = await search(ada.page, "walrus");
    const result = results.getByRole("button").first();
    await result.waitFor();
    // The match is marked; the message's own markup stays text.
    expect(await results.locator("mark").allTextContents()).toEqual(["walrus"]);
    expect(await result.textContent()).toContain("<b>pineapple</b>");
    expect(await results.locator("b").count()).toBe(0);

    await result.click();
    const target = ada.page.locator("article.msg.flash[data-seq]");
    await target.waitFor();
    expect(await target.locator(".bubble").textContent()).toBe(
      "the walrus ate a <b>pineapple</b> at dawn",
    );
    await expect.poll(() => inView(ada.page, "article.msg.flash")).toBe(true);
    // In context: its neighbours are there too.
    await waitForMessage(ada.page, "status update number 19");
    await waitForMessage(ada.page, "status update number 20");

    await ada.page.getByRole("button", { name: /Back to live/ }).click();
    await waitForMessage(ada.page, "status update number 139");
    expect(await ada.page.locator("article.msg.flash").count()).toBe(0);
    await send(ada.page, "found it, thanks");
    await waitForMessage(ada.page, "found it, thanks");
  });

  it("pages results and keeps direct messages to their two parties", async () => {
    const room = "search-pages";
    await write(
      room,
      "grace",
      Array.from({ length: 25 }, (_, i) => `otter sighting ${i}`),
    );
    await write(room, "linus", ["otter plans, just between us"], "ada");
    const ada = await suite.open("ada", room);
    const carol = await suite.open("carol", room);

    // 26 matches: a first page of 20, then "More results".
    const found = await search(ada.page, "otter");
    await expect.poll(() => found.getByRole("listitem").count()).toBe(20);
    await ada.page.getByRole("button", { name: "More results" }).click();
    await expect.poll(() => found.getByRole("listitem").count()).toBe(26);
    await found.getByText("otter plans, just between us").waitFor();
    await found.getByText("to you").waitFor();

    const hers = await search(carol.page, "otter");
    await expect.poll(() => hers.getByRole("listitem").count()).toBe(20);
    await carol.page.getByRole("button", { name: "More results" }).click();
    await expect.poll(() => hers.getByRole("listitem").count()).toBe(25);
    expect(await hers.getByText("just between us").count()).toBe(0);

    // Nothing found says so.
    await search(carol.page, "zebra");
    await carol.page.getByText("No messages match “zebra”.").waitFor();
  });

  it("searches on a phone: the results cover the screen, a pick shows the message", async () => {
    const room = "search-phone";
    await write(room, "grace", ["the heron came back", ...filler(0, 80)]);
    const ada = await suite.open("ada", room, { viewport: { width: 390, height: 844 } });
    const results = await search(ada.page, "heron");
    await results.getByRole("button").first().click();
    await ada.page.getByRole("searchbox").waitFor({ state: "detached" });
    await ada.page.locator("article.msg.flash", { hasText: "the heron came back" }).waitFor();
    await expect.poll(() => inView(ada.page, "article.msg.flash")).toBe(true);
    // Nothing sticks out sideways.
    expect(
      await ada.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
  });

  it("opens a direct message from the results in its private thread", async () => {
    const room = "search-direct";
    await write(room, "linus", ["the narwhal report is ready"], "ada");
    const ada = await suite.open("ada", room);
    const results = await search(ada.page, "narwhal");
    await results.getByRole("button").first().click();
    await ada.page.getByRole("heading", { name: "linus" }).waitFor();
    await ada.page
      .locator("article.msg.flash", { hasText: "the narwhal report is ready" })
      .waitFor();
  });
});
