// A connection lease travels from the Worker to the room in a header the Worker always sets or
// deletes itself (like the identity header); the room releases it when the socket goes away.
import type { ClientGate } from "./client-gate.js";

export const LEASE_HEADER = "X-Parlor-Lease";

export interface LeaseEnv {
  CLIENT_GATES?: DurableObjectNamespace<ClientGate>;
}

/** Header value: the gate's Durable Object id and the lease id. */
export function encodeLease(gateId: string, lease: string): string {
  return `${gateId}:${lease}`;
}

/** Frees a lease; never throws (a lost release only costs the lease's TTL). */
export async function releaseLease(env: LeaseEnv, value: string | undefined): Promise<void> {
  const [gateId, lease] = (value ?? "").split(":");
  if (!env.CLIENT_GATES || !gateId || !lease) return;
  try {
    await env.CLIENT_GATES.get(env.CLIENT_GATES.idFromString(gateId)).release(lease);
  } catch (error) {
    console.warn(JSON.stringify({ event: "lease_release_failed", error: String(error) }));
  }
}
