// The room's owner controls talk to the rooms REST API with the owner key kept in this browser
// (web/src/rooms/owner-keys.ts). A refused key (403) is forgotten: it will never work again.
import { useCallback, useMemo, useRef, useState } from "react";
import { RoomsApi, RoomsApiError } from "../../../src/client/index.js";
import { forgetOwnerKey, ownerKeyFor } from "../rooms/owner-keys.js";

export interface Owner {
  /** The owner key, when this browser holds one for the room. */
  key: string | undefined;
  /** The last failure, said for people. */
  error: string | undefined;
  clearError(): void;
  /** Runs one owner call; false when it failed (the error is then set). */
  run(call: (api: RoomsApi, key: string) => Promise<unknown>): Promise<boolean>;
}

export function useOwner(
  url: string,
  room: string,
  /** Secure mode: the user's token goes on every call too (the REST API asks for it). */
  token?: () => string | Promise<string>,
): Owner {
  const secure = token !== undefined;
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const api = useMemo(
    () => new RoomsApi(url, secure ? { token: () => tokenRef.current?.() ?? "" } : {}),
    [url, secure],
  );
  const [key, setKey] = useState(() => ownerKeyFor(room));
  const [error, setError] = useState<string>();

  const run = useCallback(
    async (call: (api: RoomsApi, key: string) => Promise<unknown>) => {
      if (!key) return false;
      setError(undefined);
      try {
        await call(api, key);
        return true;
      } catch (failure) {
        if (failure instanceof RoomsApiError && failure.status === 403) {
          forgetOwnerKey(room);
          setKey(undefined);
        }
        setError(describeOwnerError(failure, room));
        return false;
      }
    },
    [api, key, room],
  );
  return { key, error, clearError: () => setError(undefined), run };
}

function describeOwnerError(failure: unknown, room: string): string {
  if (!(failure instanceof RoomsApiError)) return "Could not reach the server. Please try again.";
  switch (failure.status) {
    case 401:
    case 403:
      return `This browser is not the owner of #${room}: its owner key was refused, so the owner controls are gone.`;
    case 404:
      return "Already gone: someone removed it first.";
    case 429:
      return "Too many requests. Please wait a moment and try again.";
    default:
      return `The server refused: ${failure.message}`;
  }
}
