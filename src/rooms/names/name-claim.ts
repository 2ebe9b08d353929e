// Who holds a guest name: one tiny Durable Object per name (normalized), so a name, once taken,
// belongs to that subject until its hold lapses, and claims on different names never contend.
import { DurableObject } from "cloudflare:workers";

interface Hold {
  sub: string;
  until: number;
}

export type ClaimResult = { ok: true; until: number } | { ok: false; heldUntil: number };

/** "Bob", "bob" and "ｂｏｂ" are one name: the key a name is held under. */
export function nameKey(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase();
}

export class NameClaim extends DurableObject {
  /** Grants the name to `sub` until `until` (ms), unless someone else holds it now. */
  async claim(sub: string, until: number): Promise<ClaimResult> {
    const hold = await this.ctx.storage.get<Hold>("hold");
    const now = Date.now();
    if (hold && hold.sub !== sub && hold.until > now) return { ok: false, heldUntil: hold.until };
    await this.ctx.storage.put("hold", { sub, until } satisfies Hold);
    return { ok: true, until };
  }

  /** The subject holding the name now, if any. */
  async holder(): Promise<string | null> {
    const hold = await this.ctx.storage.get<Hold>("hold");
    return hold && hold.until > Date.now() ? hold.sub : null;
  }
}
