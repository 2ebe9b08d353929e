// A search snippet: plain text in which the server wrapped matches in <mark>…</mark>. Split on
// the markers and render text nodes (never as HTML), so markup a user typed stays text.
import type { ReactNode } from "react";

export function Snippet({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let marked = false;
  let key = 0;
  for (const piece of text.split(/(<mark>|<\/mark>)/)) {
    if (piece === "<mark>") marked = true;
    else if (piece === "</mark>") marked = false;
    else if (piece) parts.push(marked ? <mark key={key++}>{piece}</mark> : piece);
  }
  return <>{parts}</>;
}
