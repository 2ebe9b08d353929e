// The content filter (issue 9): a word list from configuration, applied to every text the chat
// room stores or passes on, whatever dialect it came in. `reject` refuses the frame (the
// dialect's error frame, nothing stored); `mask` keeps it with each listed word replaced by
// asterisks.
//
// Matching is whole-word and case-insensitive on a normalised form, so simple disguises do not
// pass: compatibility forms (NFKC: full-width, ligatures, mathematical letters), accents
// (NFKD then marks dropped), and invisible format characters inside a word (zero-width space
// and joiners, soft hyphens). Look-alike letters from other scripts (Cyrillic "а") are not
// caught: Unicode has no normalisation for them.

export type ContentFilterMode = "reject" | "mask";

export interface ContentFilterEnv {
  /** Comma-separated words; unset or empty: no filter. */
  CONTENT_FILTER_WORDS?: string;
  /** `reject` (default) or `mask`. */
  CONTENT_FILTER_MODE?: string;
}

/** A word as a run of letters, digits and marks, with format characters allowed inside it. */
const WORD = /[\p{L}\p{N}\p{M}][\p{L}\p{N}\p{M}\p{Cf}]*/gu;
const DROPPED = /[\p{M}\p{Cf}]/gu;

/** The form words are compared in. */
export function wordKey(word: string): string {
  return word.normalize("NFKD").replace(DROPPED, "").normalize("NFKC").toLowerCase();
}

/** Filters already built in this isolate, by mode and word list. */
const built = new Map<string, ContentFilter | null>();

export class ContentFilter {
  private constructor(
    private readonly words: ReadonlySet<string>,
    readonly mode: ContentFilterMode,
  ) {}

  /**
   * The configured filter, or null when no words are listed. Built once per isolate and
   * configuration: every room constructed there shares it (normalising the list cost a fresh
   * room ~1 ms in `bench/profile.ts --connects`).
   */
  static fromEnv(env: ContentFilterEnv): ContentFilter | null {
    const list = env.CONTENT_FILTER_WORDS?.trim() ?? "";
    if (!list) return null;
    const mode = env.CONTENT_FILTER_MODE?.trim().toLowerCase() === "mask" ? "mask" : "reject";
    const key = `${mode}\n${list}`;
    if (!built.has(key)) {
      const words = new Set(
        list
          .split(",")
          .map((w) => wordKey(w.trim()))
          .filter(Boolean),
      );
      built.set(key, words.size === 0 ? null : new ContentFilter(words, mode));
    }
    return built.get(key) ?? null;
  }

  /** Whether `text` holds a listed word. */
  matches(text: string): boolean {
    for (const [word] of text.matchAll(WORD)) if (this.words.has(wordKey(word))) return true;
    return false;
  }

  /** `text` with each listed word replaced by as many asterisks as the word has letters. */
  mask(text: string): string {
    return text.replace(WORD, (word) => {
      const key = wordKey(word);
      return this.words.has(key) ? "*".repeat([...key].length) : word;
    });
  }
}
