// Byte budgets for answers that carry many messages: a welcome, a resume, a history page (issue
// 9, finding 8: a 27-byte request answered with 2.4 MB). Sizes are those of the JSON actually
// sent, measured per entry, so escaping (control characters grow sixfold) counts. Answers are
// cut at a message boundary; the first message always goes, so paging always progresses.

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  // Pure ASCII (the usual case) needs no encoding to be counted.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point
  return /^[\u0000-\u007f]*$/.test(text) ? text.length : encoder.encode(text).byteLength;
}

export interface NewestPage<T> {
  /** Oldest first. */
  messages: T[];
  /** Older items exist than the first one kept (cut by `limit` or by the budget). */
  hasMore: boolean;
  /** The budget, not `limit`, stopped the page. */
  truncated: boolean;
}

/**
 * Takes items from a newest-first source while they fit: at most `limit`, and at most `bytes`
 * of entries (each costs its size plus a separating comma). `bytes` may be a function, asked
 * only when a second item needs it (the first always goes in): measuring what is left of the
 * budget can cost a render, and an empty or one-item page needs none.
 */
export function newestPage<T>(
  newestFirst: Iterable<T>,
  limit: number,
  sizeOf: (item: T) => number,
  budget: number | (() => number),
): NewestPage<T> {
  let bytes: number | undefined;
  const left = () => (bytes ??= typeof budget === "number" ? budget : budget());
  const kept: T[] = [];
  let used = 0;
  let hasMore = false;
  let truncated = false;
  for (const item of newestFirst) {
    if (kept.length >= limit) {
      hasMore = true;
      break;
    }
    const size = sizeOf(item) + 1;
    if (kept.length > 0 && used + size > left()) {
      hasMore = true;
      truncated = true;
      break;
    }
    kept.push(item);
    used += size;
  }
  return { messages: kept.reverse(), hasMore, truncated };
}

/** How many leading items fit in `bytes` (each plus a comma); at least one when there are any. */
export function fitting<T>(items: T[], sizeOf: (item: T) => number, bytes: number): number {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += sizeOf(items[i]!) + 1;
    if (i > 0 && used > bytes) return i;
  }
  return items.length;
}

export interface AroundPage<T> {
  messages: T[];
  /** Items were dropped from the older end / the newer end to fit the budget. */
  cutOlder: boolean;
  cutNewer: boolean;
}

/**
 * Fits a page around one item (oldest first) into `bytes`, dropping from whichever end holds
 * more items beside the centre, so the centre stays in view.
 */
export function trimAround<T>(
  items: T[],
  isCentre: (item: T) => boolean,
  sizeOf: (item: T) => number,
  bytes: number,
): AroundPage<T> {
  const sizes = items.map((item) => sizeOf(item) + 1);
  let total = sizes.reduce((a, b) => a + b, 0);
  let first = 0;
  let last = items.length - 1;
  const centre = Math.max(0, items.findIndex(isCentre));
  while (total > bytes && last > first) {
    const dropOlder = centre - first > last - centre;
    if (dropOlder) total -= sizes[first++]!;
    else total -= sizes[last--]!;
  }
  return {
    messages: items.slice(first, last + 1),
    cutOlder: first > 0,
    cutNewer: last < items.length - 1,
  };
}
