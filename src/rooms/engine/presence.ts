// Who is in a room. Rebuilt from socket attachments whenever the object wakes, so it is a
// cache of what the runtime already knows, never a second source of truth.
import { connectionOf } from "./connection.js";

export class Presence {
  /** Who is here, from the sockets the runtime kept (while the object hibernated, too). */
  static of(sockets: readonly WebSocket[]): Presence {
    const presence = new Presence();
    for (const ws of sockets) {
      const conn = connectionOf(ws);
      if (conn && !conn.gone) presence.add(conn.id, conn.user);
    }
    return presence;
  }

  private readonly byUser = new Map<string, Set<string>>();
  private readonly connections = new Set<string>();
  /**
   * The last `users(limit)` answer. A welcome lists the first names on every connect; once a
   * room has more users than that, arrivals no longer change them, so a storm of joins in a
   * large room reuses one list.
   */
  private listed: { limit: number; users: readonly string[] } | null = null;

  /** Counts a socket. Returns true when this is the user's first socket (a join). */
  add(connectionId: string, user: string | undefined): boolean {
    this.connections.add(connectionId);
    if (user === undefined) return false;
    let set = this.byUser.get(user);
    const first = !set;
    if (!set) {
      set = new Set();
      this.byUser.set(user, set);
      if (this.listed && this.listed.users.length < this.listed.limit) this.listed = null;
    }
    set.add(connectionId);
    return first;
  }

  /** Forgets a socket. Returns true when it was the user's last socket (a leave). */
  remove(connectionId: string, user: string | undefined): boolean {
    const known = this.connections.delete(connectionId);
    if (!known || user === undefined) return false;
    const set = this.byUser.get(user);
    if (!set?.delete(connectionId)) return false;
    if (set.size > 0) return false;
    this.byUser.delete(user);
    this.listed = null;
    return true;
  }

  hasConnection(connectionId: string): boolean {
    return this.connections.has(connectionId);
  }
  /** Sockets `user` has open here. */
  connectionsOf(user: string): number {
    return this.byUser.get(user)?.size ?? 0;
  }
  has(user: string): boolean {
    return this.byUser.has(user);
  }
  /** Distinct users, each once however many tabs it has; the first `limit` of them. */
  users(limit = Infinity): readonly string[] {
    if (this.listed?.limit === limit) return this.listed.users;
    const users: string[] = [];
    for (const user of this.byUser.keys()) {
      if (users.length >= limit) break;
      users.push(user);
    }
    this.listed = { limit, users };
    return users;
  }
  get userCount(): number {
    return this.byUser.size;
  }
  get connectionCount(): number {
    return this.connections.size;
  }
}
