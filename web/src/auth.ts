// Secure mode (docs/security.md): ask the server which mode it runs in, sign in as a guest with
// the chosen name, keep the token (and its name) in localStorage, and renew it near expiry.
const TOKEN_KEY = "parlor.token";
/** Renew when less than this is left (guest tokens last a day). */
const RENEW_BEFORE_MS = 60 * 60 * 1000;

export type AuthMode = "open" | "secure";

interface StoredToken {
  token: string;
  name: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** The name is held by another guest (409). */
export class NameTakenError extends Error {
  constructor(
    readonly taken: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`name taken: ${taken}`);
  }
}

/** `GET /api/auth/mode`; open when the server does not say (an older server: today's behaviour). */
export async function fetchAuthMode(): Promise<AuthMode> {
  try {
    const response = await fetch("/api/auth/mode");
    const body = (await response.json()) as { mode?: unknown };
    return body.mode === "secure" ? "secure" : "open";
  } catch {
    return "open";
  }
}

function readStored(): StoredToken | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(TOKEN_KEY) ?? "null") as StoredToken | null;
    return stored && typeof stored.token === "string" ? stored : undefined;
  } catch {
    return undefined;
  }
}

// Without storage (private mode) the token lasts for this page only.
let inMemory: StoredToken | undefined;

function stored(): StoredToken | undefined {
  return readStored() ?? inMemory;
}

/** A still-valid token for this name, if one is kept. */
export function hasTokenFor(name: string): boolean {
  const kept = stored();
  return kept !== undefined && kept.name === name && kept.expiresAt > Date.now();
}

/**
 * `POST /api/auth/guest {name}`, presenting the kept token while it is valid (the server then
 * keeps the subject and renews the hold on the name). Throws NameTakenError on 409.
 */
export function signIn(name: string): Promise<void> {
  // One request at a time per name (a renewal and a reconnect may ask together).
  if (inFlight?.name !== name) {
    const promise = requestToken(name).finally(() => {
      if (inFlight?.promise === promise) inFlight = undefined;
    });
    inFlight = { name, promise };
  }
  return inFlight.promise;
}

let inFlight: { name: string; promise: Promise<void> } | undefined;

async function requestToken(name: string): Promise<void> {
  const kept = stored();
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (kept && kept.expiresAt > Date.now()) headers.authorization = `Bearer ${kept.token}`;
  const response = await fetch("/api/auth/guest", {
    method: "POST",
    headers,
    body: JSON.stringify({ name }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 409) {
    throw new NameTakenError(name, Number(body.retryAfterSeconds) || 0);
  }
  if (!response.ok || typeof body.token !== "string") {
    throw new Error(`guest sign-in failed (${response.status}): ${String(body.error ?? "")}`);
  }
  inMemory = { token: body.token, name, expiresAt: Number(body.expiresAt) };
  try {
    localStorage.setItem(TOKEN_KEY, JSON.stringify(inMemory));
  } catch {
    // Kept in memory only.
  }
}

/** The SDK's token function: the kept token, renewed first when it is near expiry. */
export async function currentToken(): Promise<string> {
  const kept = stored();
  if (!kept) throw new Error("not signed in");
  if (kept.expiresAt - Date.now() < RENEW_BEFORE_MS) {
    try {
      await signIn(kept.name);
    } catch (error) {
      // Still valid: use it and try again on the next attempt.
      if (kept.expiresAt <= Date.now()) throw error;
    }
  }
  return stored()?.token ?? kept.token;
}
