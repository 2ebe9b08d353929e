// The per-deployment secret containers present to their hub (`Authorization: Bearer <secret>` on
// the /connectws upgrade). It is CONTAINER_HUB_SECRET when configured (`wrangler secret put`);
// otherwise the hub generates one once and keeps it in its own storage. Containers get it in
// their environment (HUB_SECRET); no client ever sees it.

/** One hub for every container (seed 000 has exactly one WebSocket server). */
export const HUB_NAME = "containers";
/** Internal to the hub object: only the Worker and AppContainer reach it, through the binding. */
export const HUB_SECRET_PATH = "/internal/hub-secret";

export interface HubSecretEnv {
  CONTAINER_HUB: DurableObjectNamespace;
  CONTAINER_HUB_SECRET?: string;
}

export function hubStub(env: HubSecretEnv): DurableObjectStub {
  return env.CONTAINER_HUB.get(env.CONTAINER_HUB.idFromName(HUB_NAME));
}

export async function hubSecret(env: HubSecretEnv): Promise<string> {
  const configured = env.CONTAINER_HUB_SECRET?.trim();
  if (configured) return configured;
  const response = await hubStub(env).fetch(`http://hub${HUB_SECRET_PATH}`);
  if (!response.ok) throw new Error(`the hub did not give its secret (${response.status})`);
  return await response.text();
}

/** Constant-time comparison of two secrets. */
export function sameSecret(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.byteLength !== right.byteLength) return false;
  return crypto.subtle.timingSafeEqual(left, right);
}

export function bearerOf(request: Request): string | null {
  return request.headers.get("Authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

/** Inside the hub: CONTAINER_HUB_SECRET, else one generated on first use and kept in storage. */
export async function ownHubSecret(
  storage: DurableObjectStorage,
  configured: string | undefined,
): Promise<string> {
  if (configured?.trim()) return configured.trim();
  const stored = await storage.get<string>("hub-secret");
  if (stored) return stored;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const generated = btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "");
  await storage.put("hub-secret", generated);
  return generated;
}
