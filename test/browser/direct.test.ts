// Direct messages in the web app: a private thread the two people see, live and after a
// reload, and a third person in the same room never sees.
import { describe, expect, it } from "vitest";
import { messages, send, useBrowserSuite, waitForMessage } from "./chat-page.js";

const suite = useBrowserSuite();
const SECRET = "the launch code is 4242";
const REPLY = "safe with me";

describe("direct messages in the web app", () => {
  it("reach only the two people in the thread, live and after a reload", async () => {
    const room = "dm-privacy";
    const alice = await suite.open("alice", room);
    const bob = await suite.open("bob", room);
    const carol = await suite.open("carol", room);

    // Alice opens her thread with Bob from the people list and writes.
    await alice.page.getByRole("button", { name: "bob: send a direct message" }).click();
    await expect.poll(() => alice.page.locator(".topbar h1").textContent()).toBe("bob");
    await send(alice.page, SECRET);
    await waitForMessage(alice.page, SECRET);

    // Bob sees an unread thread from Alice, opens it, and answers.
    const thread = bob.page.getByRole("button", { name: /^Direct messages with alice/ });
    await expect.poll(() => thread.getAttribute("aria-label")).toMatch(/1 unread$/);
    await thread.click();
    await waitForMessage(bob.page, SECRET);
    await send(bob.page, REPLY);
    await waitForMessage(alice.page, REPLY);
    await expect
      .poll(() => messages(bob.page))
      .toEqual([
        { from: "alice", text: SECRET },
        { from: "You", text: REPLY },
      ]);

    // A room message sent after the direct ones: once Carol has it, she would have had them.
    await alice.page.getByRole("button", { name: /^Room dm-privacy/ }).click();
    await send(alice.page, "back in the room");
    await waitForMessage(carol.page, "back in the room");
    const carolSees = async () => (await carol.page.locator("body").textContent()) ?? "";
    expect(await carolSees()).not.toContain(SECRET);
    expect(await carolSees()).not.toContain(REPLY);
    expect(await carol.page.getByRole("button", { name: /^Direct messages with/ }).count()).toBe(0);
    expect(await messages(carol.page)).toEqual([{ from: "alice", text: "back in the room" }]);

    // After a reload: the thread is still there for both of them, and still not for Carol.
    await bob.page.reload();
    await bob.page.getByRole("button", { name: /^Direct messages with alice/ }).click();
    await waitForMessage(bob.page, REPLY);
    await expect
      .poll(() => messages(bob.page))
      .toEqual([
        { from: "alice", text: SECRET },
        { from: "You", text: REPLY },
      ]);
    await carol.page.reload();
    await waitForMessage(carol.page, "back in the room");
    expect(await carolSees()).not.toContain(SECRET);
    expect(await carolSees()).not.toContain(REPLY);
    expect(await carol.page.getByRole("button", { name: /^Direct messages with/ }).count()).toBe(0);
    expect(await messages(carol.page)).toEqual([{ from: "alice", text: "back in the room" }]);
  });
});
