// Every dialect the chat room speaks. Adding one is a module in this folder and a line here.
import type { Dialect } from "../dialect.js";
import { chatApi } from "./chat-api.js";
import { parlor } from "./parlor.js";
import { roomPerPath } from "./room-per-path.js";

export const dialects = {
  parlor,
  "chat-api": chatApi,
  "room-per-path": roomPerPath,
} satisfies Record<string, Dialect>;

export type DialectName = keyof typeof dialects;

export function dialectNamed(name: string): Dialect | undefined {
  return Object.hasOwn(dialects, name) ? dialects[name as DialectName] : undefined;
}
