// The lobby against Parlor in secure mode: the directory, creating a room and entering it all
// carry the signed-in guest's token (RoomsApi's token function), as the REST API requires.
import { describe, expect, it } from "vitest";
import { connected, useBrowserSuite, watch } from "./chat-page.js";

const suite = useBrowserSuite({ vars: { AUTH_SECRET: "browser-test-secret-0123456789abcdef" } });

describe("the lobby in secure mode", () => {
  it("signs in, lists, creates a password room and enters it with the owner key", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    watch(page, "olga", suite.errors);
    await page.goto(`${suite.parlor.server.http}/?rooms`);
    await page.getByRole("heading", { name: "Welcome to Parlor" }).waitFor();
    await page.getByLabel("Your name").fill("olga");
    await page.getByRole("button", { name: "See the rooms" }).click();
    await page.getByRole("heading", { name: "Public rooms" }).waitFor();
    // The directory answered (an unauthenticated call would be a 401, shown as an error).
    await page.getByText("No public rooms yet").waitFor();

    await page.getByLabel("Room name optional", { exact: true }).fill("secure-lobby");
    await page.getByLabel("Password optional", { exact: true }).fill("hush-hush");
    await page.getByRole("button", { name: "Create room" }).click();
    await page.getByTestId("owner-key").waitFor();
    await page.getByRole("link", { name: "Enter #secure-lobby" }).click();
    await connected(page);
    expect(await page.locator(".me-name").textContent()).toBe("olga");

    // Back in the directory (which olga's leaving the room empties), it is listed with its padlock.
    await page.getByRole("button", { name: "Browse rooms" }).click();
    const row = page.locator('.room-row[data-room="secure-lobby"]');
    await row.getByText("nobody here").waitFor({ timeout: 20_000 });
    await row.getByText("Password").waitFor();
  });
});
