// The byte-budget cutters (src/rooms/engine/answer-budget.ts) on their own: where a page is cut,
// and that paging always progresses.
import { describe, expect, it } from "vitest";
import { newestPage, trimAround, utf8Bytes } from "../../src/rooms/engine/answer-budget.js";

const size = (n: number) => n; // each item's size is its own value
const newestFirst = (...items: number[]) => items;

describe("answer budgets", () => {
  it("counts UTF-8 bytes of what is sent", () => {
    expect(utf8Bytes('{"a":"x"}')).toBe(9);
    expect(utf8Bytes("é€😀")).toBe(2 + 3 + 4);
    expect(utf8Bytes(JSON.stringify("\u0001"))).toBe(8);
  });

  it("keeps the newest items that fit, oldest first, and says whether it cut", () => {
    // Each item costs its size plus a comma.
    expect(newestPage(newestFirst(10, 10, 10, 10), 10, size, 33)).toEqual({
      messages: [10, 10, 10],
      hasMore: true,
      truncated: true,
    });
    expect(newestPage(newestFirst(5, 4, 3), 2, size, 1000)).toEqual({
      messages: [4, 5],
      hasMore: true,
      truncated: false,
    });
    expect(newestPage(newestFirst(5, 4), 10, size, 1000)).toEqual({
      messages: [4, 5],
      hasMore: false,
      truncated: false,
    });
  });

  it("always keeps the first item, so paging progresses under any budget", () => {
    expect(newestPage(newestFirst(500, 1), 10, size, 10)).toEqual({
      messages: [500],
      hasMore: true,
      truncated: true,
    });
  });

  it("reads no further than it needs from a lazy source", () => {
    let read = 0;
    function* source() {
      for (let i = 0; i < 1000; i++) {
        read++;
        yield 100;
      }
    }
    newestPage(source(), 1000, size, 1010);
    expect(read).toBe(11);
  });

  it("asks a budget given as a function only when a second item needs it, and once", () => {
    let asked = 0;
    const budget = () => {
      asked++;
      return 250;
    };
    expect(newestPage(newestFirst(), 10, size, budget).messages).toEqual([]);
    expect(newestPage(newestFirst(100), 10, size, budget).messages).toEqual([100]);
    expect(asked).toBe(0);
    expect(newestPage(newestFirst(100, 100, 100, 100), 10, size, budget)).toMatchObject({
      messages: [100, 100],
      truncated: true,
    });
    expect(asked).toBe(1);
  });

  it("trims a page around a centre from its longer side, never dropping the centre", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const page = trimAround(
      items,
      (n) => n >= 3,
      () => 10,
      33,
    );
    expect(page.messages).toEqual([2, 3, 4]);
    expect(page).toMatchObject({ cutOlder: true, cutNewer: true });
    expect(
      trimAround(
        items,
        (n) => n === 9,
        () => 10,
        5,
      ).messages,
    ).toEqual([9]);
    expect(
      trimAround(
        items,
        (n) => n === 1,
        () => 10,
        1000,
      ),
    ).toEqual({
      messages: items,
      cutOlder: false,
      cutNewer: false,
    });
  });
});
