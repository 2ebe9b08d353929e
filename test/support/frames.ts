// Small assertions shared by the seed-protocol e2e tests.
import { expect } from "vitest";
import { eventually } from "./wait.js";
import { type Frame, TestSocket } from "./ws.js";

/**
 * Fails if a frame matching `match` arrived, or arrives before a round trip through the room
 * (see TestSocket.roundTrip): "nothing else came" without guessing how long to sleep.
 */
export async function expectNoFrame(
  socket: TestSocket,
  match: (f: Frame) => boolean = () => true,
): Promise<void> {
  await socket.roundTrip();
  expect(socket.frames.filter(match)).toEqual([]);
}

/** An ISO 8601 timestamp close to now (seed 002's `timestamp`). */
export function expectRecentIso(value: unknown, slackMs = 60_000): void {
  expect(typeof value).toBe("string");
  expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(Math.abs(Date.parse(String(value)) - Date.now())).toBeLessThan(slackMs);
}

/** A seed 002 `message` frame: exactly these fields, and a recent ISO timestamp. */
export function expectApiMessage(frame: Frame, userId: string, text: string): void {
  expect(frame).toEqual({ type: "message", userId, text, timestamp: expect.any(String) });
  expectRecentIso(frame.timestamp);
}

/** A seed 003 `chat` frame: exactly these fields, and a recent timestamp in milliseconds. */
export function expectRoomsChat(frame: Frame, from: string, message: string): void {
  expect(frame).toEqual({ type: "chat", from, message, timestamp: expect.any(Number) });
  expectRecentMs(frame.timestamp);
}

/** Milliseconds since the epoch close to now. */
export function expectRecentMs(value: unknown, slackMs = 60_000): void {
  expect(typeof value).toBe("number");
  expect(Math.abs(Number(value) - Date.now())).toBeLessThan(slackMs);
}

/**
 * What a room has stored, seen through Parlor's own dialect: the welcome's `lastSeq` and the
 * newest history. Joins as a throwaway user and leaves again.
 */
export async function roomLog(
  ws: string,
  room: string,
  name = `probe-${Math.random().toString(36).slice(2, 8)}`,
): Promise<{ lastSeq: number; history: Frame[] }> {
  const probe = await TestSocket.open(
    `${ws}/ws?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`,
  );
  try {
    const welcome = await probe.nextOfType("welcome");
    return { lastSeq: Number(welcome.lastSeq), history: welcome.history as Frame[] };
  } finally {
    // Not awaited: the close completes in the background (see closeFrameReceived).
    probe.close();
  }
}

/** Sends raw bytes as one binary frame. */
export function sendBinary(socket: TestSocket, bytes: Uint8Array): void {
  socket.raw.send(bytes, { binary: true });
}

/** A refused oversized frame: the engine answers with an error frame, then closes with 1009. */
export async function expectTooBig(socket: TestSocket): Promise<Frame> {
  const error = await socket.nextOfType("error");
  expect((await socket.waitClose()).code).toBe(1009);
  return error;
}

/**
 * Resolves once the server's close frame has arrived: the socket is closed, or closing because
 * it answered the server's close (`ws` waits for the server to end TCP before 'close').
 */
export async function closeFrameReceived(socket: TestSocket, timeoutMs = 5000): Promise<void> {
  await eventually(
    "the server's close frame",
    () => socket.closed !== null || socket.raw.readyState !== socket.raw.OPEN,
    timeoutMs,
  );
}
