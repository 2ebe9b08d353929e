// Numbers read from the Worker's environment (wrangler.jsonc `vars`, `.dev.vars`, secrets): a
// setting that cannot be read keeps its default, so a typo never turns a limit off.

/** A number above 0. */
export function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** A whole count where 0 is allowed (for limits: "no limit"). */
export function limit(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0
    ? Math.floor(n)
    : fallback;
}
