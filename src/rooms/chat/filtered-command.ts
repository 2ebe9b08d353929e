// The content filter applied to a command, once, in the room: every dialect's commands pass here
// before anything is stored or sent, so no dialect can be forgotten.
import type { FrameProblem } from "../engine/problems.js";
import { claimProblem } from "./claims.js";
import type { ContentFilter } from "./content-filter.js";
import type { ChatCommand } from "./events.js";

/** Fields of a passed-through seed 003 frame that route it rather than say something. */
const ROUTING = new Set(["type", "targetUserId"]);

type Screened = { command: ChatCommand } | { problem: FrameProblem };

/** A decoded command as the room runs it: refused if it claims another user, then filtered. */
export function screen(
  socket: Parameters<typeof claimProblem>[0],
  filter: ContentFilter | null,
  command: ChatCommand,
): Screened {
  const claim = claimProblem(socket, command);
  return claim ? { problem: claim } : filterCommand(filter, command);
}

/** The command to run (its texts masked in `mask` mode), or the problem that refuses it. */
export function filterCommand(filter: ContentFilter | null, command: ChatCommand): Screened {
  if (!filter) return { command };
  const texts = textsOf(command);
  if (texts.length === 0) return { command };
  if (filter.mode === "reject") {
    if (!texts.some((text) => filter.matches(text))) return { command };
    const clientId = "clientId" in command ? command.clientId : undefined;
    const message = "the message contains a word this room does not allow";
    return { problem: { code: "content_filtered", message, ...(clientId ? { clientId } : {}) } };
  }
  const mask = (text: string) => filter.mask(text);
  switch (command.kind) {
    case "say":
      return { command: { ...command, text: mask(command.text) } };
    case "direct": {
      const payload =
        command.payload && JSON.stringify(maskValues(JSON.parse(command.payload), mask));
      return { command: { ...command, text: mask(command.text), payload } };
    }
    case "broadcast":
      return { command: { ...command, payload: maskValues(command.payload, mask) } };
    default:
      return { command };
  }
}

/** Every text a command would store or pass on. */
function textsOf(command: ChatCommand): string[] {
  switch (command.kind) {
    case "say":
      return [command.text];
    case "direct":
      return [command.text, ...(command.payload ? stringsOf(JSON.parse(command.payload)) : [])];
    case "broadcast":
      return stringsOf(command.payload);
    default:
      return [];
  }
}

function stringsOf(value: unknown, key?: string): string[] {
  if (typeof value === "string") return key !== undefined && ROUTING.has(key) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => stringsOf(v));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => stringsOf(v, k));
  }
  return [];
}

function maskValues<T>(value: T, mask: (text: string) => string, key?: string): T {
  if (typeof value === "string") {
    return (key !== undefined && ROUTING.has(key) ? value : mask(value)) as T;
  }
  if (Array.isArray(value)) return value.map((v) => maskValues(v, mask)) as T;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, maskValues(v, mask, k)]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
