// Browser-test helpers: one Chromium per test file, one context per person, every uncaught page
// error and console error recorded and failed on after each test.
import type { Browser, BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { launchChromium } from "../support/browser.js";
import { type ParlorSuite, type StartOptions, useParlor } from "../support/server.js";

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  /** Console errors matching this are expected in this test (e.g. refused sockets while the server is down). */
  allowConsole?: RegExp;
  /** localStorage entries set before the page loads (e.g. `parlor.ownerKey.<room>`). */
  storage?: Record<string, string>;
}

export interface BrowserSuite {
  readonly parlor: ParlorSuite;
  readonly browser: Browser;
  /** A new person (own context: own storage), name remembered, on `/?room=<room>`, connected. */
  open(name: string, room: string, options?: OpenOptions): Promise<Person>;
  /** Errors seen so far in this test: uncaught exceptions and console errors. */
  readonly errors: string[];
}

export function useBrowserSuite(server: StartOptions = {}): BrowserSuite {
  const parlor = useParlor(server);
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  // Without a Chromium every test fails with the reason (counted as failed, never skipped).
  let launchError: unknown;
  beforeAll(async () => {
    try {
      browser = await launchChromium();
    } catch (error) {
      launchError = error;
    }
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
    const seen = errors.splice(0);
    expect(seen, "uncaught page errors and console errors").toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const suite: BrowserSuite = {
    parlor,
    get browser() {
      if (launchError) throw launchError;
      if (!browser) throw new Error("the browser is not running (use it inside tests)");
      return browser;
    },
    errors,
    async open(name, room, options = {}) {
      const context = await suite.browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
      });
      contexts.push(context);
      await context.addInitScript(
        ({ n, stored }) => {
          localStorage.setItem("parlor.name", n);
          for (const [key, value] of Object.entries(stored)) localStorage.setItem(key, value);
        },
        { n: name, stored: options.storage ?? {} },
      );
      const page = await context.newPage();
      watch(page, name, errors, options.allowConsole);
      await page.goto(`${parlor.server.http}/?room=${encodeURIComponent(room)}`);
      await connected(page);
      return { name, context, page };
    },
  };
  return suite;
}

export function watch(page: Page, who: string, errors: string[], allow?: RegExp): void {
  page.on("pageerror", (error) => errors.push(`${who}: uncaught ${error.message}`));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    if (allow?.test(message.text())) return;
    errors.push(`${who}: console.error ${message.text()}`);
  });
}

/** Waits for the status to say connected. */
export async function connected(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('[data-status="connected"]').waitFor({ state: "attached", timeout });
}

/** Types into the message box and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole("textbox", { name: /^Message / });
  await box.fill(text);
  await box.press("Enter");
}

/** The stored messages shown in the open conversation: sender label and text, in order. */
export async function messages(page: Page): Promise<Array<{ from: string; text: string }>> {
  return page.locator("article.msg[data-seq]").evaluateAll((nodes) => {
    let from = "";
    return nodes.map((node) => {
      const name = node.querySelector(".msg-name")?.textContent;
      if (name) from = name;
      return { from, text: node.querySelector(".bubble")?.textContent ?? "" };
    });
  });
}

/** How many stored messages in the open conversation have exactly this text. */
export async function countText(page: Page, text: string): Promise<number> {
  return (await messages(page)).filter((m) => m.text === text).length;
}

/** Waits until the open conversation shows a stored message with exactly this text. */
export async function waitForMessage(page: Page, text: string, timeout = 30_000): Promise<void> {
  await page
    .locator("article.msg[data-seq] .bubble", { hasText: text })
    .first()
    .waitFor({ timeout });
}
