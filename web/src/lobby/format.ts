// How the directory words counts and times.
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });

/** "just now", "5 min. ago", "3 hr. ago", "2 days ago". */
export function timeAgo(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  if (seconds > -45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes > -60) return relative.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours > -24) return relative.format(hours, "hour");
  return relative.format(Math.round(hours / 24), "day");
}

export function onlineText(online: number): string {
  return online === 0 ? "nobody here" : `${online.toLocaleString()} online`;
}
