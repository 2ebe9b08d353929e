// A dialect: one wire protocol onto the chat room. It owns admission (the connect query, parsed
// with its protocol's connect-query schema), decoding (frame → command, or a problem), encoding
// (event → frame, a typed value of its protocol's server schema) and its error frame. The room
// handles commands and emits events without knowing any of them.
import type * as z from "../../protocol/zod.js";
import { type FrameProblem, parseFrame } from "../engine/problems.js";
import type { ChatCommand, ChatEvent } from "./events.js";

type Decoded = { command: ChatCommand } | { problem: FrameProblem };

/** Who a socket is, and where a resuming client left off; or why it is refused (a 400). */
export type DialectAdmission =
  | { user?: string; resume?: { since: number; epoch: string } }
  | { refused: string };

export interface Dialect<ServerFrame extends object = object> {
  readonly name: string;
  /** Whether a socket gets a welcome (built only for dialects that have one). */
  readonly greets: boolean;
  /** Whether a direct message's sender gets it back on its own sockets. */
  readonly copiesDirectToSender: boolean;
  admit(query: URLSearchParams): DialectAdmission;
  decode(data: unknown): Decoded;
  /**
   * The frame for an event, or null when this dialect has none. `viewer` is the user the frame
   * is for: a message's `clientId` goes only to its sender (issue 9, finding 2). Nothing else in
   * a message may depend on it: a message without a `clientId` is rendered once for everyone.
   */
  encode(event: ChatEvent, viewer?: string): ServerFrame | null;
  error(problem: FrameProblem): ServerFrame;
  /**
   * One frame carrying several join/leave frames, for dialects that have one; others get each
   * frame on its own. Takes and gives JSON: in a storm each socket's batch is a different suffix
   * of the same frames, and serialising every suffix anew would cost the square of the storm.
   */
  batch?(frames: string[]): string;
}

/** Parses the connect query with its schema; the first issue refuses the socket. */
export function admitWith<S extends z.ZodMiniType>(
  schema: S,
  query: URLSearchParams,
  admit: (parsed: z.infer<S>) => DialectAdmission,
): DialectAdmission {
  const parsed = schema.safeParse(Object.fromEntries(query));
  if (!parsed.success) return { refused: parsed.error.issues[0]?.message ?? "invalid query" };
  return admit(parsed.data);
}

/** Validates a frame with the protocol's client schema, then maps it to a command. */
export function decodeWith<S extends z.ZodMiniType>(
  schema: S,
  data: unknown,
  toCommand: (frame: z.infer<S>) => ChatCommand | { problem: FrameProblem },
): Decoded {
  const parsed = parseFrame(schema, data);
  if ("problem" in parsed) return parsed;
  const command = toCommand(parsed.frame);
  return "problem" in command ? command : { command };
}
