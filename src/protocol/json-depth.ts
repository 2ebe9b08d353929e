// How deeply a JSON value nests (a scalar is 0, `{}` or `[]` is 1), measured without recursion:
// a small frame can nest thousands of levels, past what a recursive walk (or JSON.stringify) can
// take, at a depth that depends on the stack already in use.

/** Stops counting past `max` (returns max + 1): a caller only needs to know it is too deep. */
export function jsonDepth(value: unknown, max = Number.POSITIVE_INFINITY): number {
  let level: unknown[] = [value];
  let depth = 0;
  for (;;) {
    const objects = level.filter((v): v is object => v !== null && typeof v === "object");
    if (objects.length === 0 || depth > max) return depth;
    depth++;
    level = objects.flatMap((o) => Object.values(o));
  }
}
