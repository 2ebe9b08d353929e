// Small pure helpers for the view: times in the reader's zone, initials, avatar colours.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "long",
  month: "long",
  day: "numeric",
});

/** "3:07 PM" (or "15:07"), in the reader's locale and time zone. */
export const formatTime = (ms: number): string => timeFormat.format(ms);
/** The whole instant, for a tooltip. */
export const formatFull = (ms: number): string => fullFormat.format(ms);

/** "Today", "Yesterday" or "Monday, March 3", for the day separators. */
export function formatDay(ms: number, now = Date.now()): string {
  const day = startOfDay(ms);
  const today = startOfDay(now);
  if (day === today) return "Today";
  if (today - day === 86_400_000) return "Yesterday";
  return dayFormat.format(ms);
}

export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Up to two letters: "Ada Lovelace" → "AL", "bob" → "B". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [name.trim()];
  return letters
    .map((w) => Array.from(w ?? "")[0] ?? "")
    .join("")
    .toUpperCase();
}

/** A stable hue per name, so a person keeps their colour across tabs and reloads. */
export function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

/** "alice is typing…", "alice and bob are typing…", "3 people are typing…". */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
