// What a room kind decides about a new socket, before the engine accepts it.

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
