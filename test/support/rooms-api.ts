// Calls to the rooms REST API from tests: JSON in, status and JSON out.
export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; ownerKey?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.ownerKey) headers.Authorization = `Bearer ${options.ownerKey}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as T,
    headers: response.headers,
  };
}

/** Creates a room and returns its owner key. */
export async function createRoom(
  base: string,
  body: { name?: string; visibility?: "public" | "private"; password?: string },
): Promise<{ name: string; ownerKey: string }> {
  const answer = await api<{ name: string; ownerKey: string }>(base, "POST", "/api/rooms", {
    body: { visibility: "public", ...body },
  });
  if (answer.status !== 201)
    throw new Error(`create failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A ticket for a password room. */
export async function ticketFor(base: string, room: string, password: string): Promise<string> {
  const answer = await api<{ ticket: string }>(base, "POST", `/api/rooms/${room}/join`, {
    body: { password },
  });
  if (answer.status !== 200) throw new Error(`join failed: ${answer.status}`);
  return answer.body.ticket;
}
