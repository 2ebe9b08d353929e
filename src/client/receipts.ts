// Receipts: pings that carry the last room message the client processed, so the room can close a
// socket that falls too far behind (4008) instead of buffering for it without bound. Sent while
// messages arrive, every `everyMessages` or `everyMs`; an idle client sends the plain ping the
// runtime answers by itself, so an idle room still hibernates.
export class Receipts {
  private reported = 0;
  private sinceReport = 0;
  private reportedAt = 0;

  constructor(
    private readonly send: (text: string) => boolean,
    private readonly everyMessages = 50,
    private readonly everyMs = 1_000,
  ) {}

  /** A room message up to `seq` was processed. */
  processed(seq: number): void {
    this.sinceReport += 1;
    const due =
      this.sinceReport >= this.everyMessages || Date.now() - this.reportedAt >= this.everyMs;
    if (due && seq > this.reported && this.send(frame(seq))) this.reportedAt = Date.now();
    if (due) this.mark(seq);
  }

  /** The heartbeat's ping: a receipt when something arrived since the last one. */
  heartbeat(seq: number): string {
    if (seq <= this.reported) return '{"type":"ping"}';
    this.mark(seq);
    return frame(seq);
  }

  private mark(seq: number): void {
    this.reported = Math.max(this.reported, seq);
    this.sinceReport = 0;
  }
}

const frame = (seq: number) => JSON.stringify({ type: "ping", seq });
