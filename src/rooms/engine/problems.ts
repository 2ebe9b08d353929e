// Turning a refused frame into one clear problem: a code every dialect understands, a message
// that names the field, and the frame's own clientId so a client knows which frame it was.
import type { ErrorCode } from "../../protocol/errors.js";
import type * as z from "../../protocol/zod.js";

export interface FrameProblem {
  code: ErrorCode;
  message: string;
  clientId?: string;
}

/** Benchmark-only (BENCH_DISABLE=validation): frames pass unparsed, to show what parsing costs. */
let trustFrames = false;
export function trustFramesForBenchmark(on: boolean): void {
  trustFrames = on;
}

/** Parses `data` with `schema`: the typed frame, or the problem to answer it with. */
export function parseFrame<S extends z.ZodMiniType>(
  schema: S,
  data: unknown,
): { frame: z.infer<S> } | { problem: FrameProblem } {
  if (trustFrames) return { frame: data as z.infer<S> };
  const result = schema.safeParse(data);
  if (result.success) return { frame: result.data };
  return { problem: problemOf(result.error, data) };
}

function problemOf(error: z.core.$ZodError, data: unknown): FrameProblem {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  const code: ErrorCode =
    issue?.code === "invalid_union" && issue.path[0] === "type"
      ? "unknown_type"
      : issue?.code === "too_big"
        ? "too_long"
        : "bad_frame";
  const type = (data as { type?: unknown } | null)?.type;
  const message =
    code === "unknown_type" && typeof type === "string"
      ? `unknown message type "${type.slice(0, 64)}"`
      : `${where}${issue?.message ?? "invalid frame"}`;
  // Echo the frame's own id so a client can tell which of its messages was refused.
  const clientId = (data as { clientId?: unknown } | null)?.clientId;
  return typeof clientId === "string" && clientId.length <= 64
    ? { code, message, clientId }
    : { code, message };
}
