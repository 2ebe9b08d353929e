// The web app in Chromium: people chatting, history, presence, typing, hostile text, a phone.
import { describe, expect, it } from "vitest";
import { countText, messages, send, useBrowserSuite, waitForMessage } from "./chat-page.js";

/** Makes the page believe its tab was hidden (or shown again), as switching tabs does. */
function setHidden(hidden: boolean) {
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  Object.defineProperty(document, "visibilityState", {
    configurable: true,
    get: () => (hidden ? "hidden" : "visible"),
  });
  document.dispatchEvent(new Event("visibilitychange"));
}

const suite = useBrowserSuite();

describe("the chat web app", () => {
  it("asks for a name once, puts a new room in the URL, and remembers the name", async () => {
    const context = await suite.browser.newContext();
    try {
      const page = await context.newPage();
      page.on("pageerror", (e) => suite.errors.push(`uncaught ${e.message}`));
      await page.goto(`${suite.parlor.server.http}/`);
      const roomInUrl = () => new URL(page.url()).searchParams.get("room") ?? "";
      await expect.poll(roomInUrl).toMatch(/^[a-z0-9]{8}$/);
      const room = roomInUrl();
      await page.getByLabel("Your name").fill("  Ada  ");
      await page.getByRole("button", { name: "Join the chat" }).click();
      await page.locator('[data-status="connected"]').waitFor({ state: "attached" });
      await expect.poll(() => page.locator(".me-name").textContent()).toBe("Ada");
      await page.reload();
      await page.locator('[data-status="connected"]').waitFor({ state: "attached" });
      expect(new URL(page.url()).searchParams.get("room")).toBe(room);
      expect(await page.getByLabel("Your name", { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("lets two people chat both ways, and shows the history after a reload", async () => {
    const room = "two-way";
    const alice = await suite.open("alice", room);
    const bob = await suite.open("bob", room);

    await send(alice.page, "hello bob");
    await waitForMessage(bob.page, "hello bob");
    await send(bob.page, "hi alice, how are you?");
    await waitForMessage(alice.page, "hi alice, how are you?");
    await send(alice.page, "line one\nline two");
    await waitForMessage(bob.page, "line one");

    const conversation = [
      { from: "alice", text: "hello bob" },
      { from: "bob", text: "hi alice, how are you?" },
      { from: "alice", text: "line one\nline two" },
    ];
    // Each sees the same conversation; their own messages are labelled "You" and set apart.
    const seenBy = (me: string) =>
      conversation.map((m) => ({ ...m, from: m.from === me ? "You" : m.from }));
    await expect.poll(() => messages(bob.page)).toEqual(seenBy("bob"));
    await expect.poll(() => messages(alice.page)).toEqual(seenBy("alice"));
    expect(await alice.page.locator("article.msg.mine").count()).toBe(2);
    expect(await bob.page.locator("article.msg.mine").count()).toBe(1);
    // Each message carries the server's time, shown in the reader's zone.
    const times = await bob.page
      .locator("article.msg[data-seq] time")
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime")));
    for (const time of times) expect(Date.parse(time ?? "")).toBeGreaterThan(Date.now() - 600_000);

    await bob.page.reload();
    await waitForMessage(bob.page, "line one");
    await expect.poll(() => messages(bob.page)).toEqual(seenBy("bob"));
  });

  it("shows who is online, joins and leaves, and typing that then clears", async () => {
    const room = "presence";
    const alice = await suite.open("alice", room);
    const bob = await suite.open("bob", room);
    const online = () => alice.page.getByTestId("online-count").textContent();
    const names = () => alice.page.locator(".people .nav-label").allTextContents();
    await expect.poll(online).toBe("2");
    await expect.poll(names).toEqual(["alice", "bob"]);

    const carol = await suite.open("carol", room);
    await expect.poll(online).toBe("3");
    await expect.poll(names).toEqual(["alice", "bob", "carol"]);
    await expect.poll(() => alice.page.getByTestId("topbar-count").textContent()).toBe("3 online");
    await alice.page.locator(".notice", { hasText: "carol joined" }).waitFor();

    const box = carol.page.getByRole("textbox", { name: /^Message / });
    await box.fill("thinking");
    await expect
      .poll(() => alice.page.getByTestId("typing").textContent())
      .toBe("carol is typing…");
    await expect.poll(() => bob.page.getByTestId("typing").textContent()).toBe("carol is typing…");
    await box.fill("");
    await expect.poll(() => alice.page.getByTestId("typing").textContent()).toBe("");

    await carol.context.close();
    await expect.poll(online).toBe("2");
    await expect.poll(names).toEqual(["alice", "bob"]);
    await alice.page.locator(".notice", { hasText: "carol left" }).waitFor();
  });

  it("shows markup as text and runs nothing; makes only http(s) links clickable", async () => {
    const room = "hostile";
    const alice = await suite.open("alice", room);
    const bob = await suite.open("bob", room);
    const payload = `<img src=x onerror="window.__pwned=1;console.error('pwned')">`;
    await send(alice.page, payload);
    await send(alice.page, "see https://example.com/a?b=1. or javascript:alert(1)");
    await waitForMessage(bob.page, "see https://example.com");

    expect(await countText(bob.page, payload)).toBe(1);
    expect(await bob.page.locator(".timeline img").count()).toBe(0);
    expect(await bob.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const links = await bob.page
      .locator(".bubble a")
      .evaluateAll((nodes) => nodes.map((a) => [a.getAttribute("href"), a.getAttribute("rel")]));
    expect(links).toEqual([["https://example.com/a?b=1", "noopener noreferrer nofollow ugc"]]);

    await bob.page.reload();
    await waitForMessage(bob.page, "see https://example.com");
    expect(await countText(bob.page, payload)).toBe(1);
    expect(await bob.page.locator(".timeline img").count()).toBe(0);
  });

  it("loads older pages when scrolling up", async () => {
    const room = "long-history";
    const writer = await suite.parlor.open(`/ws?room=${room}&name=archivist`);
    for (let i = 1; i <= 75; i++) {
      writer.send({ type: "message", message: `note ${i}`, clientId: `n${i}` });
      await writer.next((f) => f.type === "ack" && f.clientId === `n${i}`);
    }
    const alice = await suite.open("alice", room);
    await waitForMessage(alice.page, "note 75");
    const texts = async () => (await messages(alice.page)).map((m) => m.text);
    // The welcome brings the newest 50; the rest come page by page as the reader scrolls up.
    expect((await texts())[0]).toBe("note 26");
    await alice.page.getByText("Scroll up for older messages").waitFor();
    const timeline = alice.page.getByRole("log");
    await timeline.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(async () => (await texts()).length).toBe(75);
    // The page went in above: the reader still looks at "note 26", not at "note 1".
    const view = (await timeline.boundingBox())!;
    const note26 = (await alice.page.locator(".bubble", { hasText: /^note 26$/ }).boundingBox())!;
    expect(note26.y).toBeGreaterThanOrEqual(view.y);
    expect(note26.y).toBeLessThan(view.y + view.height);
    await timeline.evaluate((el) => el.scrollTo({ top: 0 }));
    expect(await texts()).toEqual(Array.from({ length: 75 }, (_, i) => `note ${i + 1}`));
    await alice.page.getByText("This is the start of the conversation.").waitFor();

    // Scrolled up, a new message does not pull the view down: a pill offers to.
    writer.send({ type: "message", message: "note 76", clientId: "n76" });
    const pill = alice.page.getByRole("button", { name: /^1 new message/ });
    await pill.waitFor();
    expect(await timeline.evaluate((el) => el.scrollTop)).toBeLessThan(200);
    await pill.click();
    await pill.waitFor({ state: "detached" });
    await expect
      .poll(() => timeline.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
      .toBeLessThan(48);
  });

  it("shows a refused message with its error, and lets you retry or discard it", async () => {
    const alice = await suite.open("alice", "refused");
    const tooLong = "x".repeat(4001);
    const box = alice.page.getByRole("textbox", { name: /^Message / });
    await box.fill(tooLong);
    await alice.page.getByText("1 characters over the 4,000 limit").waitFor();
    await box.press("Enter");
    const failed = alice.page.locator("article.msg.pending.failed");
    await failed.getByRole("alert").filter({ hasText: "Too long to send" }).waitFor();
    await failed.getByRole("button", { name: "Retry" }).click();
    await failed.getByRole("alert").waitFor();
    expect(await failed.count()).toBe(1);
    await failed.getByRole("button", { name: "Discard" }).click();
    await failed.waitFor({ state: "detached" });
    await send(alice.page, "short enough");
    await waitForMessage(alice.page, "short enough");
    expect(await messages(alice.page)).toEqual([{ from: "You", text: "short enough" }]);
  });

  it("counts unread messages in the tab title while the tab is hidden", async () => {
    const room = "title";
    const alice = await suite.open("alice", room);
    const bob = await suite.open("bob", room);
    await expect.poll(() => alice.page.title()).toBe("#title · Parlor");
    await alice.page.evaluate(setHidden, true);
    await send(bob.page, "one");
    await send(bob.page, "two");
    await expect.poll(() => alice.page.title()).toBe("(2) #title · Parlor");
    await alice.page.evaluate(setHidden, false);
    await expect.poll(() => alice.page.title()).toBe("#title · Parlor");
  });

  it("shows the presence summary's count in a room over 100 users", async () => {
    const room = "crowd";
    const alice = await suite.open("alice", room);
    for (let i = 0; i < 105; i++) await suite.parlor.open(`/ws?room=${room}&name=guest-${i}`);
    await expect
      .poll(() => alice.page.getByTestId("online-count").textContent(), { timeout: 30_000 })
      .toBe("106");
    await expect
      .poll(() => alice.page.getByTestId("topbar-count").textContent())
      .toBe("106 online");
    for (const socket of suite.parlor.sockets.splice(0)) socket.close();
    await expect
      .poll(() => alice.page.getByTestId("online-count").textContent(), { timeout: 30_000 })
      .toBe("1");
  });

  it("works from the keyboard alone", async () => {
    const alice = await suite.open("alice", "keys");
    await suite.open("bob", "keys");
    const page = alice.page;
    const focused = () =>
      page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    const tabTo = async (label: string, key: "Tab" | "Shift+Tab") => {
      for (let i = 0; i < 30 && (await focused()) !== label; i++) await page.keyboard.press(key);
      expect(await focused()).toBe(label);
    };
    await tabTo("Message #keys", "Tab");
    await page.keyboard.type("typed with keys");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("on two lines");
    await page.keyboard.press("Enter");
    await waitForMessage(page, "typed with keys");
    expect(await countText(page, "typed with keys\non two lines")).toBe(1);
    await tabTo("bob: send a direct message", "Shift+Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".topbar h1").textContent()).toBe("bob");
  });

  it("works on a phone-sized screen", async () => {
    const room = "phone";
    const desk = await suite.open("desk", room);
    const phone = await suite.open("phone", room, { viewport: { width: 390, height: 844 } });
    const page = phone.page;
    // No sideways scrolling; the people list waits behind the menu button.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const sidebar = page.getByRole("navigation", { name: "Conversations" });
    expect(await sidebar.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(0);

    await send(page, "from my phone");
    await waitForMessage(desk.page, "from my phone");
    await send(desk.page, "got it");
    await waitForMessage(page, "got it");
    const box = await page.getByRole("textbox", { name: /^Message / }).boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(844);

    await page.getByRole("button", { name: "Open rooms and people" }).click();
    await expect
      .poll(() => sidebar.evaluate((el) => el.getBoundingClientRect().left))
      .toBeGreaterThanOrEqual(0);
    await page.getByRole("button", { name: "desk: send a direct message" }).click();
    await expect.poll(() => page.locator(".topbar h1").textContent()).toBe("desk");
    await expect
      .poll(() => sidebar.evaluate((el) => el.getBoundingClientRect().right))
      .toBeLessThanOrEqual(0);
  });
});
