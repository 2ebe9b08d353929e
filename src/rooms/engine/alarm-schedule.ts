// The room's one alarm, with its time cached in memory: a connect asks for the idle sweep, and
// without the cache every connect would read the alarm from storage first. Losing the cache
// (the object was evicted) costs one read.

export class AlarmSchedule {
  /** When the alarm is set for; null: none; undefined: not read since this instance woke. */
  private at: number | null | undefined;

  /** Requests run in turn: two interleaved ones could otherwise keep the later time. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Makes sure the alarm fires no later than `want`. */
  atMost(want: number): Promise<void> {
    const request = this.queue.then(() => this.apply(want));
    this.queue = request.catch(() => undefined);
    return request;
  }

  private async apply(want: number): Promise<void> {
    if (this.at === undefined) this.at = await this.storage.getAlarm();
    if (this.at !== null && this.at <= want) return;
    this.at = want;
    await this.storage.setAlarm(want);
  }

  /** The alarm is running: it is no longer set. */
  fired(): void {
    this.at = null;
  }
}
