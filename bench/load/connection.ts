// One raw WebSocket client of the load generator. It counts data frames of at least
// DELIVERY_BYTES without reading them; only probes (a few connections chosen to time latency)
// and connections in `parseAll` mode look inside frames.
import net from "node:net";
import { CLOSE_FRAME, FrameReader, type FrameSink, textFrame, upgradeRequest } from "./frames.js";

/** Broadcast frames are ~100+ bytes everywhere; joins, acks and pings are shorter. */
export const DELIVERY_BYTES = 64;

/** How a server wants to be spoken to. */
export type Dialect = "raw" | "parlor" | "sio";

export interface Shared {
  /** Data frames received by every connection together. */
  deliveries: number;
  /** Latencies (ms) read from probes while `timing` is on. */
  latencies: number[];
  /** Meanwhile, each message's earliest delivery (ms), by its send time (epoch ms). */
  first: Map<number, number>;
  timing: boolean;
}

export const now = (): number => performance.timeOrigin + performance.now();

const SIO_PONG = textFrame("3");
const SIO_CONNECT = textFrame("40");
const STAMP = /t\\?":([0-9.]+)/;
const MAX_SAMPLES = 1_000_000;

export class Connection implements FrameSink {
  received = 0;
  open = false;
  /** Full frames, for connections that read what they get (resume checks). */
  frames: string[] | null = null;
  private socket: net.Socket | null = null;
  /** Bytes of the upgrade response read so far. */
  private head: Buffer | null = null;
  private state: "upgrading" | "sio-connecting" | "open" = "upgrading";
  private reader = new FrameReader(this);
  private onOpen: (() => void) | null = null;
  onFrame: ((text: string) => void) | null = null;

  constructor(
    private readonly shared: Shared,
    private readonly dialect: Dialect,
    readonly probe: boolean,
  ) {}

  /** Resolves with the handshake time in ms, or an error string. */
  connect(host: string, port: number, path: string, timeoutMs = 30_000): Promise<number | string> {
    return new Promise((resolve) => {
      const started = now();
      const socket = net.connect({ host, port });
      this.socket = socket;
      socket.setNoDelay(true);
      let settled = false;
      const settle = (result: number | string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        settle("timeout");
        socket.destroy();
      }, timeoutMs);
      this.onOpen = () => {
        this.open = true;
        settle(now() - started);
      };
      const target = this.dialect === "sio" ? "/socket.io/?EIO=4&transport=websocket" : path;
      socket.on("connect", () => socket.write(upgradeRequest(host, port, target)));
      socket.on("data", (chunk) => this.data(chunk, settle));
      socket.on("error", (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
      socket.on("close", () => {
        this.open = false;
        settle("closed");
      });
    });
  }

  private data(chunk: Buffer, fail: (why: string) => void): void {
    if (this.state === "upgrading") {
      const head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        this.head = head;
        return;
      }
      this.head = null;
      const status = head.toString("latin1", 0, end).split("\r\n")[0] ?? "";
      if (!status.startsWith("HTTP/1.1 101")) {
        fail(status || "bad upgrade");
        this.socket?.destroy();
        return;
      }
      chunk = head.subarray(end + 4);
      if (this.dialect === "sio") {
        this.state = "sio-connecting";
      } else {
        this.state = "open";
        this.onOpen?.();
      }
    }
    if (chunk.length > 0) this.reader.push(chunk);
  }

  wantPayload(opcode: number, length: number): boolean {
    if (opcode !== 1 && opcode !== 2) return false;
    if (this.frames || this.onFrame) return true;
    if (this.dialect === "sio" && (this.state !== "open" || length < DELIVERY_BYTES)) return true;
    if (length < DELIVERY_BYTES) return false;
    this.received++;
    this.shared.deliveries++;
    return this.probe && this.shared.timing;
  }

  payload(opcode: number, data: Buffer): void {
    if (opcode === 8) {
      this.socket?.destroy();
      return;
    }
    if (opcode >= 8) return;
    if (this.dialect === "sio" && this.sioControl(data)) return;
    if (this.frames || this.onFrame) {
      const text = data.toString("utf8");
      this.frames?.push(text);
      this.onFrame?.(text);
      if (data.length >= DELIVERY_BYTES) {
        this.received++;
        this.shared.deliveries++;
      }
      return;
    }
    if (this.shared.timing && this.shared.latencies.length < MAX_SAMPLES) {
      const match = STAMP.exec(data.toString("latin1", 0, 200));
      if (match) this.timed(Number(match[1]));
    }
  }

  private timed(sentAt: number): void {
    const ms = now() - sentAt;
    this.shared.latencies.push(ms);
    const first = this.shared.first.get(sentAt);
    if (first === undefined || ms < first) this.shared.first.set(sentAt, ms);
  }

  /** Engine.IO/Socket.IO housekeeping; true when the frame was not an event. */
  private sioControl(data: Buffer): boolean {
    const c0 = data[0];
    const c1 = data[1];
    if (c0 === 0x32 && data.length === 1) {
      this.socket?.write(SIO_PONG);
      return true;
    }
    if (c0 === 0x30) {
      this.socket?.write(SIO_CONNECT);
      return true;
    }
    if (c0 === 0x34 && c1 === 0x30) {
      this.state = "open";
      this.onOpen?.();
      return true;
    }
    if (c0 === 0x34 && c1 === 0x32) {
      // An event shorter than a delivery was not counted by wantPayload.
      if (data.length < DELIVERY_BYTES) return true;
      return false;
    }
    return true;
  }

  send(frame: Buffer): void {
    if (this.open) this.socket?.write(frame);
  }

  close(): void {
    if (this.socket && this.open) this.socket.end(CLOSE_FRAME);
    this.socket?.destroy();
    this.open = false;
  }
}
