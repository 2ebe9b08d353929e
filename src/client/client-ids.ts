// Client ids for sends: a random prefix per client and a counter, so a resend after a reconnect
// carries the same id and the server acknowledges it as a duplicate instead of storing it twice.
export class ClientIds {
  private counter = 0;
  private readonly prefix = randomId();

  next(): string {
    this.counter += 1;
    return `${this.prefix}-${this.counter.toString(36)}`;
  }
}

/** 16 random hex characters (crypto.getRandomValues exists in browsers, also on plain http). */
function randomId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
