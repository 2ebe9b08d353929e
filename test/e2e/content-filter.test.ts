// The content filter (CONTENT_FILTER_WORDS, CONTENT_FILTER_MODE), from outside, in every chat
// dialect: `reject` answers with the dialect's error frame and keeps nothing; `mask` stores and
// sends the message with each listed word as asterisks. Whole words, any case, and disguises
// that Unicode normalisation undoes (full-width, accents, zero-width characters) are caught.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roomLog } from "../support/frames.js";
import { startParlor, type TestServer, useParlor } from "../support/server.js";
import { TestSocket } from "../support/ws.js";

const WORDS = "darn,heck";
const rejecting = useParlor({
  vars: { CONTENT_FILTER_WORDS: WORDS, CONTENT_FILTER_MODE: "reject" },
});

async function parlorPair(ws: string, room: string) {
  const watcher = await TestSocket.open(`${ws}/ws?room=${room}&name=watcher`);
  const sender = await TestSocket.open(`${ws}/ws?room=${room}&name=sender`);
  await watcher.nextOfType("welcome");
  await sender.nextOfType("welcome");
  await watcher.nextOfType("join");
  return { watcher, sender };
}

describe("reject mode", () => {
  const disguises = [
    "darn",
    "well DARN it",
    "Heck!",
    "ｄａｒｎ", // full-width
    "d\u200Barn", // zero-width space inside
    "dárn", // an accent
    "h\u00ADeck", // soft hyphen
    "𝐝𝐚𝐫𝐧", // mathematical bold
  ];

  it("Parlor /ws: each disguise gets content_filtered with its clientId; nothing stored or sent", async () => {
    const { watcher, sender } = await parlorPair(rejecting.server.ws, "cf-parlor");
    rejecting.sockets.push(watcher, sender);
    for (const [i, text] of disguises.entries()) {
      sender.send({ type: "message", message: text, clientId: `bad-${i}` });
      expect(await sender.next((f) => f.clientId === `bad-${i}`), text).toMatchObject({
        type: "error",
        code: "content_filtered",
      });
    }
    sender.send({ type: "direct", to: "watcher", message: "darn you", clientId: "bad-dm" });
    expect(await sender.next((f) => f.clientId === "bad-dm")).toMatchObject({
      code: "content_filtered",
    });
    // Whole words only: words that merely contain a listed one pass.
    sender.send({ type: "message", message: "darned heckle undarn", clientId: "ok" });
    expect(await sender.next((f) => f.clientId === "ok")).toMatchObject({ type: "ack", seq: 1 });
    expect(await watcher.nextOfType("message")).toMatchObject({ message: "darned heckle undarn" });
    await watcher.roundTrip();
    expect(watcher.frames.filter((f) => f.type === "message" || f.type === "direct")).toEqual([]);
    expect((await roomLog(rejecting.server.ws, "cf-parlor")).lastSeq).toBe(1);
  });

  it("seed 002 /api/chat: the seed's error frame; nothing stored or broadcast", async () => {
    const api = await rejecting.open("/api/chat?room=cf-api");
    api.send({ type: "join", userId: "u1" });
    await api.nextOfType("user_joined");
    api.send({ type: "message", text: "what the heck" });
    const error = await api.nextOfType("error");
    expect(error).toEqual({ type: "error", message: expect.stringContaining("does not allow") });
    api.send({ type: "message", text: "fine words" });
    expect(await api.nextOfType("message")).toMatchObject({ userId: "u1", text: "fine words" });
    expect(api.frames.filter((f) => f.type === "message")).toEqual([]);
    expect((await roomLog(rejecting.server.ws, "cf-api")).lastSeq).toBe(1);
  });

  it("seed 003 /rooms/R: chat, direct and broadcast frames are refused with the seed's error", async () => {
    const target = await rejecting.open("/rooms/cf-rooms?userId=target");
    const sender = await rejecting.open("/rooms/cf-rooms?userId=sender");
    await target.nextOfType("user_joined");
    for (const frame of [
      { type: "chat", message: "oh darn" },
      { type: "direct", targetUserId: "target", message: "heck" },
      { type: "broadcast", data: { note: "DARN" } },
    ]) {
      sender.send(frame);
      expect(await sender.nextOfType("error"), frame.type).toMatchObject({
        message: expect.stringContaining("does not allow"),
      });
    }
    await target.roundTrip();
    expect(
      target.frames.filter((f) => ["chat", "direct", "broadcast"].includes(String(f.type))),
    ).toEqual([]);
    expect((await roomLog(rejecting.server.ws, "cf-rooms")).lastSeq).toBe(0);
  });
});

describe("mask mode", () => {
  let masking: TestServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    masking = await startParlor({
      vars: { CONTENT_FILTER_WORDS: WORDS, CONTENT_FILTER_MODE: "mask" },
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await masking?.stop();
  });
  const open = async (path: string) => {
    const socket = await TestSocket.open(`${masking.ws}${path}`);
    sockets.push(socket);
    return socket;
  };

  it("Parlor /ws: stored and sent with the words as asterisks, in live frames and history", async () => {
    const { watcher, sender } = await parlorPair(masking.ws, "cfm-parlor");
    sockets.push(watcher, sender);
    sender.send({ type: "message", message: "well DARN it, ｈｅｃｋ, darned", clientId: "m1" });
    expect(await sender.next((f) => f.clientId === "m1")).toMatchObject({ type: "ack" });
    const masked = "well **** it, ****, darned";
    expect(await watcher.nextOfType("message")).toMatchObject({ message: masked });
    sender.send({ type: "direct", to: "watcher", message: "heck yes", clientId: "m2" });
    expect(await watcher.nextOfType("direct")).toMatchObject({ message: "**** yes" });
    const { history } = await roomLog(masking.ws, "cfm-parlor");
    expect(history.map((m) => m.message)).toEqual([masked]);
  });

  it("seed 002 /api/chat: peers and the sender get the masked text", async () => {
    const peer = await open("/api/chat?room=cfm-api");
    const api = await open("/api/chat?room=cfm-api");
    peer.send({ type: "join", userId: "peer" });
    await peer.nextOfType("user_joined");
    api.send({ type: "join", userId: "u1" });
    await api.nextOfType("user_joined");
    api.send({ type: "message", text: "heck no" });
    expect(await peer.nextOfType("message")).toMatchObject({ userId: "u1", text: "**** no" });
    expect(await api.nextOfType("message")).toMatchObject({ text: "**** no" });
  });

  it("seed 003 /rooms/R: chat, passed-through direct and broadcast frames are masked", async () => {
    const target = await open("/rooms/cfm-rooms?userId=target");
    const sender = await open("/rooms/cfm-rooms?userId=sender");
    await target.nextOfType("user_joined");
    sender.send({ type: "chat", message: "oh darn" });
    expect(await target.nextOfType("chat")).toMatchObject({ from: "sender", message: "oh ****" });
    sender.send({ type: "direct", targetUserId: "target", message: "heck", extra: "darn!" });
    expect(await target.nextOfType("direct")).toMatchObject({
      targetUserId: "target",
      from: "sender",
      message: "****",
      extra: "****!",
    });
    sender.send({ type: "broadcast", data: { note: "DARN" } });
    expect(await target.nextOfType("broadcast")).toMatchObject({ data: { note: "****" } });
  });
});
