// A room kind's hook that throws is logged with the class and room it happened in, and its
// socket is answered (an error frame, or a 1011 close when even that fails); the room keeps
// serving everyone else.
import { CloseCode } from "../../protocol/limits.js";

export function logHookError(
  ctx: DurableObjectState,
  roomClass: string,
  hook: string,
  error: unknown,
): void {
  console.error(
    JSON.stringify({
      event: "room_hook_error",
      class: roomClass,
      room: ctx.id.name ?? ctx.id.toString(),
      hook,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    }),
  );
}

/** Sends the error frame; when even that fails, closes the socket with 1011 through `close`. */
export function answerFailure(
  ws: WebSocket,
  errorFrame: () => string,
  close: (code: number, reason: string) => void,
): void {
  try {
    ws.send(errorFrame());
  } catch {
    close(CloseCode.internal, "Internal error");
  }
}
