// What cli/screenshots.ts hands the scripts that take each group of screens
// (screenshots-lobby.ts, screenshots-in-room.ts): the browser, the server and its helpers.
import type { Browser, BrowserContext, Page } from "playwright-core";

export type Scheme = "light" | "dark";
export type Viewport = { width: number; height: number };

/** Enough to open pages and save them: the screens outside a room. */
export interface ShotBase {
  browser: Browser;
  origin: string;
  desktop: Viewport;
  phone: Viewport;
  shot(page: Page, file: string, fullPage?: boolean): Promise<void>;
}

/** Inside a room: people who have joined, and messages they sent. */
export interface ShotKit extends ShotBase {
  person(
    b: Browser,
    name: string,
    room: string,
    viewport: Viewport,
    scheme: Scheme,
    storage?: Record<string, string>,
  ): Promise<{ context: BrowserContext; page: Page }>;
  say(page: Page, text: string): Promise<void>;
}
