// Text fields must be well-formed Unicode. A lone surrogate (legal inside a JSON string escape,
// e.g. "\ud800") is broadcast as sent but comes back from SQLite as U+FFFD, so the live message
// and the stored one would differ (found by the fuzzer): such text is refused instead.
import * as z from "./zod.js";

const LONE_SURROGATE = /\p{Cs}/u;

/** A string schema that refuses lone surrogates. */
export function wellFormed(schema: z.ZodMiniString<string>): z.ZodMiniString<string> {
  return schema.check(
    z.refine((s) => !LONE_SURROGATE.test(s), "must be valid Unicode (no lone surrogates)"),
  );
}
