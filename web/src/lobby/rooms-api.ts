// The one RoomsApi (src/client) the page uses: this origin, and in secure mode the signed-in
// user's token on every call (the REST API asks for it like the sockets do).
import { RoomsApi, RoomsApiError } from "../../../src/client/rooms-api.js";
import { currentToken } from "../auth.js";

export function roomsApiFor(secure: boolean): RoomsApi {
  return new RoomsApi(location.origin, secure ? { token: currentToken } : {});
}

/** What a failed call says to a person (the server's own words when it gave some). */
export function describeFailure(error: unknown, fallback: string): string {
  if (error instanceof RoomsApiError) {
    if (error.status === 429 && error.retryAfterSeconds) {
      return `Too many attempts. Try again in ${error.retryAfterSeconds} s.`;
    }
    if (error.status >= 500) return `${fallback} (the server answered ${error.status}).`;
  }
  if (error instanceof TypeError) return `${fallback}: the server cannot be reached.`;
  return fallback;
}

export { RoomsApi, RoomsApiError };
