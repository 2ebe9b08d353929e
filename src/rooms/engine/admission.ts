// What a room kind decides about a new socket, before the engine accepts it, and the
// connection (attachment) and tags the engine accepts it with.
import { type Connection, Tag } from "./connection.js";

export interface Admission<State, Opening = undefined> {
  user?: string;
  /** Secure mode: the verified token's subject (see Connection.subject). */
  subject?: string;
  state: State;
  /** Tags besides the engine's own; fixed for the socket's life (the runtime cannot re-tag). */
  tags?: string[];
  /** What only the greeting needs (a resume request): handed to onOpen, never stored. */
  opening?: Opening;
  /** A shared stand-in name (seed 003's "anonymous"), not one person: no per-user limit. */
  sharedUser?: true;
}

/** The new socket's connection, kept in its attachment; `lease`: the Worker's per-IP lease. */
export function connectionFor<State>(
  admission: Admission<State, unknown>,
  lease: string | null,
  now = Date.now(),
): Connection<State> {
  return {
    id: crypto.randomUUID(),
    user: admission.user,
    ...(admission.subject !== undefined ? { subject: admission.subject } : {}),
    ...(admission.sharedUser ? { sharedUser: true as const } : {}),
    joinedAt: now,
    lastSeen: now,
    state: admission.state,
    ...(lease !== null ? { lease } : {}),
  };
}

/** Every socket's tags: all, the kind's own, and its user (or "unnamed", for a later join). */
export function tagsFor(admission: Admission<unknown, unknown>): string[] {
  const user = admission.user === undefined ? Tag.unnamedAtConnect : Tag.user(admission.user);
  return [Tag.all, ...(admission.tags ?? []), user];
}
