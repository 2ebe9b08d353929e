// One full-text search result: the WebSocket `search` frame (parlor.ts) and the REST API's
// `GET /api/rooms/<name>/search` (rooms-rest.ts) answer with the same shape.
import * as z from "./zod.js";

export const SearchResult = z.object({
  seq: z.int(),
  name: z.string(),
  message: z.string(),
  timestamp: z.number(),
  /** The matching part, matches wrapped in `<mark>` and `</mark>`; the rest is plain text. */
  snippet: z.string(),
  /** Set on a direct message: its recipient (only its two parties ever see it). */
  to: z.optional(z.string()),
});
export type SearchResult = z.infer<typeof SearchResult>;
