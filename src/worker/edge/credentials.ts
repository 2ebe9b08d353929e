// Where a request may carry its token: `Authorization: Bearer`, a `Sec-WebSocket-Protocol`
// entry (browsers cannot set headers on WebSockets), or `?token=`.
import { TOKEN_SUBPROTOCOL_PREFIX } from "../../protocol/auth.js";

export interface Credentials {
  token: string;
  /** The subprotocol the handshake must select when the token came in `Sec-WebSocket-Protocol`. */
  selectProtocol?: string;
}

export function offeredProtocols(request: Request): string[] {
  return (request.headers.get("Sec-WebSocket-Protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
}

export function findCredentials(request: Request): Credentials | null {
  const auth = request.headers.get("Authorization");
  const bearer = auth?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return { token: bearer };
  const offered = offeredProtocols(request);
  const carrier = offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  if (carrier) {
    // A client must get back one protocol it offered; prefer one that is not the token itself.
    const other = offered.find((p) => !p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
    return {
      token: carrier.slice(TOKEN_SUBPROTOCOL_PREFIX.length),
      selectProtocol: other ?? carrier,
    };
  }
  const query = new URL(request.url).searchParams.get("token");
  return query ? { token: query } : null;
}
