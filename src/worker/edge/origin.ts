// Cross-site WebSocket hijacking: a page on another site can open a socket to us with the
// visitor's ambient credentials. Browsers always send `Origin` on upgrades; other clients need not.
import type { SecurityConfig } from "./security-config.js";

export function originAllowed(request: Request, config: SecurityConfig): boolean {
  const origin = request.headers.get("Origin");
  // Non-browser clients (wscat, ws, curl) send no Origin; they are governed by tokens instead.
  if (origin === null) return true;
  if (config.allowedOrigins === "*") return true;
  // The app's own origin always works.
  if (origin === new URL(request.url).origin) return true;
  return config.allowedOrigins?.has(origin) ?? false;
}
