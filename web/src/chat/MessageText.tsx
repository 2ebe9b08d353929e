// Message text as text: React escapes it, so markup in a message is shown, never run. Web
// addresses become links, and only http(s) ones, so a "javascript:" text stays text.
import type { ReactNode } from "react";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends a sentence rather than a URL. */
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function MessageText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0];
    const url = raw.replace(TRAILING, "");
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    const href = safeHref(url);
    parts.push(
      href ? (
        <a key={start} href={href} target="_blank" rel="noopener noreferrer nofollow ugc">
          {url}
        </a>
      ) : (
        url
      ),
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
