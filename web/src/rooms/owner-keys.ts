// Owner keys live only in the owner's browser: `POST /api/rooms` returns the key once and the room
// keeps only its hash, so losing it (cleared storage, another browser) loses owner rights.
const PREFIX = "parlor.ownerKey.";

// Without storage (private mode) a key lasts for this page only.
const inMemory = new Map<string, string>();

export function ownerKeyFor(room: string): string | undefined {
  try {
    return localStorage.getItem(PREFIX + room) ?? inMemory.get(room);
  } catch {
    return inMemory.get(room);
  }
}

export function rememberOwnerKey(room: string, key: string): void {
  inMemory.set(room, key);
  try {
    localStorage.setItem(PREFIX + room, key);
  } catch {
    // Kept in memory only; the UI warns that owner rights end with the page.
  }
}

export function forgetOwnerKey(room: string): void {
  inMemory.delete(room);
  try {
    localStorage.removeItem(PREFIX + room);
  } catch {
    // Nothing stored.
  }
}
