// The smallest WebSocket client framing a load generator needs: an upgrade request, masked text
// frames out, and a frame splitter in that only looks at headers, so counting a delivery costs a
// few byte reads instead of a UTF-8 decode and a JSON parse.

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

export function upgradeRequest(host: string, port: number, path: string): Buffer {
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
}

/** A masked text frame (clients must mask; an all-zero key leaves the payload as it is). */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.alloc(6);
    header[1] = 0x80 | length;
  } else if (length < 65_536) {
    header = Buffer.alloc(8);
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    throw new Error(`frame of ${length} bytes is larger than a load generator sends`);
  }
  header[0] = 0x81;
  return Buffer.concat([header, payload]);
}

/**
 * A message body of `bytes` bytes that carries its send time (`t`) and number (`s`): JSON, so the
 * probes that time latency can read it. What each server is sent, wrapped in its own dialect.
 */
export function benchBody(seq: number, sentAt: number, bytes = 100): string {
  const head = `{"t":${sentAt.toFixed(3)},"s":${seq},"p":"`;
  return `${head}${"x".repeat(Math.max(0, bytes - 2 - head.length))}"}`;
}

/** A masked close frame with code 1000. */
export const CLOSE_FRAME = Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]);

export interface FrameSink {
  /** A data frame arrived; `length` is its payload size. Return true to get its bytes too. */
  wantPayload(opcode: number, length: number): boolean;
  /** The payload of a frame `wantPayload` asked for (and of every control frame). */
  payload(opcode: number, data: Buffer): void;
}

/** Splits a server's byte stream into frames (servers never mask). */
export class FrameReader {
  private pending: Buffer | null = null;
  private skip = 0;
  private collecting: Buffer[] | null = null;
  private opcode = 0;

  constructor(private readonly sink: FrameSink) {}

  push(input: Buffer): void {
    let chunk = input;
    if (this.pending) {
      chunk = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let offset = 0;
    const end = chunk.length;
    while (offset < end) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, end - offset);
        this.collecting?.push(chunk.subarray(offset, offset + n));
        offset += n;
        this.skip -= n;
        if (this.skip === 0) this.finish();
        continue;
      }
      const available = end - offset;
      if (available < 2) break;
      const b0 = chunk[offset]!;
      let length = chunk[offset + 1]! & 127;
      let header = 2;
      if (length === 126) {
        if (available < 4) break;
        length = chunk.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (available < 10) break;
        length = Number(chunk.readBigUInt64BE(offset + 2));
        header = 10;
      }
      offset += header;
      this.opcode = b0 & 15;
      this.collecting = this.opcode >= 8 || this.sink.wantPayload(this.opcode, length) ? [] : null;
      this.skip = length;
      if (length === 0) this.finish();
    }
    if (offset < end) this.pending = chunk.subarray(offset);
  }

  private finish(): void {
    const parts = this.collecting;
    this.collecting = null;
    if (!parts) return;
    this.sink.payload(this.opcode, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  }
}
