// The URL of each connection attempt: who, where, what was last seen (a resume), a password
// room's fresh ticket and, in secure mode, the token (in the query: browsers cannot set headers
// on a WebSocket; docs/security.md).

/** `ws(s)://host/ws` for the app's URL (http(s) or ws(s)). */
export function socketEndpoint(url: string): string {
  const origin = new URL(url);
  origin.protocol = origin.protocol === "https:" || origin.protocol === "wss:" ? "wss:" : "ws:";
  return `${origin.protocol}//${origin.host}/ws`;
}

export async function connectUrl(
  base: string,
  room: string,
  name: string,
  resume: { since: string; epoch: string } | undefined | null,
  auth: { ticket?: () => string | Promise<string>; token?: string },
): Promise<string> {
  const { ticket, token } = auth;
  const query = new URLSearchParams({ room, name });
  if (token) query.set("token", token);
  if (resume) {
    query.set("since", resume.since);
    query.set("epoch", resume.epoch);
  }
  if (ticket) {
    try {
      query.set("ticket", await ticket());
    } catch (error) {
      // Without a ticket the server refuses the attempt, and the backoff tries again.
      console.error("Parlor client: no ticket", error);
    }
  }
  return `${base}?${query}`;
}
