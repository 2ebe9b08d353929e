// A ban is refused before the WebSocket opens, and a browser cannot see why an upgrade failed:
// the page remembers the ban (close 4003) so a reload says "banned" instead of retrying forever.
const PREFIX = "parlor.banned.";

function keyOf(room: string, name: string): string {
  return `${PREFIX}${room}.${name}`;
}

export function isBanRemembered(room: string, name: string): boolean {
  try {
    return localStorage.getItem(keyOf(room, name)) !== null;
  } catch {
    return false;
  }
}

export function rememberBan(room: string, name: string): void {
  try {
    localStorage.setItem(keyOf(room, name), String(Date.now()));
  } catch {
    // No storage: the notice lasts for this page only.
  }
}

export function forgetBan(room: string, name: string): void {
  try {
    localStorage.removeItem(keyOf(room, name));
  } catch {
    // Nothing stored.
  }
}
