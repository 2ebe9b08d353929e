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

export function answerFailure(ws: WebSocket, errorFrame: () => string): void {
  try {
    ws.send(errorFrame());
  } catch {
    try {
      ws.close(CloseCode.internal, "Internal error");
    } catch {
      // already closed
    }
  }
}
