// The web app against Parlor in secure mode: it signs in as a guest with the chosen name, keeps
// the token, renews it near expiry, and asks for another name when the one chosen is taken.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { connected, messages, send, useBrowserSuite, waitForMessage, watch } from "./chat-page.js";

const suite = useBrowserSuite({ vars: { AUTH_SECRET: "browser-test-secret-0123456789abcdef" } });

/** A new person (own storage) on the room's page, at the name prompt. */
async function arrive(who: string, room: string): Promise<Page> {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  // The refused sign-in (409) shows up as a failed resource load: expected here.
  watch(page, who, suite.errors, /status of 409/);
  await page.goto(`${suite.parlor.server.http}/?room=${room}`);
  return page;
}

async function join(page: Page, name: string): Promise<void> {
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join the chat" }).click();
}

const kept = (page: Page) =>
  page.evaluate(
    () =>
      JSON.parse(localStorage.getItem("parlor.token") ?? "null") as {
        token: string;
        name: string;
        expiresAt: number;
      } | null,
  );

describe("the web app in secure mode", () => {
  it("signs in with the chosen name, chats, and asks again when a name is taken", async () => {
    const room = "secure-room";
    const alice = await arrive("alice", room);
    await join(alice, "alice");
    await connected(alice);
    expect((await kept(alice))?.name).toBe("alice");

    const other = await arrive("other", room);
    await join(other, "alice");
    const alert = other.getByRole("alert");
    await expect
      .poll(() => alert.textContent())
      .toBe("“alice” is taken by someone else. Please pick another name.");
    expect(await other.locator('[data-status="connected"]').count()).toBe(0);
    await join(other, "bob");
    await connected(other);
    await expect.poll(() => other.locator(".me-name").textContent()).toBe("bob");

    await send(alice, "hello from a signed-in guest");
    await waitForMessage(other, "hello from a signed-in guest");
    await send(other, "hi alice");
    await waitForMessage(alice, "hi alice");
    await expect
      .poll(() => messages(other))
      .toEqual([
        { from: "alice", text: "hello from a signed-in guest" },
        { from: "You", text: "hi alice" },
      ]);
  });

  it("keeps the token across reloads and renews it when it is near expiry", async () => {
    const page = await arrive("carol", "secure-renew");
    await join(page, "carol");
    await connected(page);
    const first = (await kept(page))!;
    expect(first.expiresAt).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // Near expiry (as the page believes): the next connection attempt renews first.
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem("parlor.token") ?? "{}");
      localStorage.setItem(
        "parlor.token",
        JSON.stringify({ ...stored, expiresAt: Date.now() + 60_000 }),
      );
    });
    await page.reload();
    await connected(page);
    expect(await page.getByLabel("Your name", { exact: true }).count()).toBe(0);
    const renewed = (await kept(page))!;
    expect(renewed.name).toBe("carol");
    expect(renewed.expiresAt).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await expect.poll(() => page.locator(".me-name").textContent()).toBe("carol");
  });
});
