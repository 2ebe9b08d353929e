// The app's few addresses and moving between them without a page load. `/?rooms` is the room
// directory (with the create form), `/?room=R` a room; `/` alone still makes a random room (seed
// 004). Anything may send people to the directory with `browseRooms()` or a link to ROOMS_URL.
export const ROOMS_URL = "/?rooms";

export function roomUrl(room: string): string {
  return `/?room=${encodeURIComponent(room)}`;
}

/** Goes to `href` on this origin; App re-reads the address (it listens to popstate). */
export function navigate(href: string): void {
  history.pushState(null, "", href);
  dispatchEvent(new PopStateEvent("popstate"));
}

/** Opens the room directory (used by the sidebar's "Browse rooms" and the deleted-room notice). */
export function browseRooms(): void {
  navigate(ROOMS_URL);
}

export function joinRoom(room: string): void {
  navigate(roomUrl(room));
}

/** The directory is asked for with `?rooms` (and no `?room=`). */
export function wantsDirectory(url: URL): boolean {
  return url.searchParams.has("rooms") && !url.searchParams.has("room");
}

/** A plain click on a link (not a new-tab click) is handled in the page. */
export function isPlainClick(event: React.MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
