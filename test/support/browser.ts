// Debian's Chromium driven by playwright-core (no browser download: `npx playwright install`
// cannot work here). The launch flags are those ../shared/DESIGN.md found to work on these
// machines; playwright's launch() gives every browser a fresh, empty --user-data-dir of its own.
import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's. Throws (never skips) when none exists. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (fs.existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
  }
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (found) return found;
  throw new Error(
    `No Chromium found (looked for ${CANDIDATES.join(", ")}). The browser tests need one: ` +
      "install Debian's with `apt-get install -y chromium` (.ci/run does this), or set CHROMIUM_PATH.",
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_FLAGS });
}
