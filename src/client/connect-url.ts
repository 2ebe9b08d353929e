// The URL of each connection attempt: who, where, what was last seen (a resume), and a
// password room's fresh ticket.

export async function connectUrl(
  base: string,
  room: string,
  name: string,
  resume: { since: string; epoch: string } | undefined | null,
  ticket: (() => string | Promise<string>) | undefined,
): Promise<string> {
  const query = new URLSearchParams({ room, name });
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
