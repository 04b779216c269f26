/**
 * Terminal wire protocol, shared by the browser and the runner.
 *
 * Every WebSocket message is a binary frame: one type byte, then a payload.
 * Text frames are never used, so UTF-8 sequences split across chunks of PTY
 * output reach xterm.js intact (it decodes bytes itself).
 *
 *   client → runner   0x01 INPUT   bytes typed or pasted
 *                     0x02 RESIZE  u16 cols, u16 rows (big-endian)
 *                     0x03 ACK     f64 offset: total output bytes processed
 *   runner → client   0x10 OUTPUT  f64 start offset, then bytes
 *                     0x11 CONTROL UTF-8 JSON (see ControlMessage)
 *
 * Offsets count every byte the shell has produced since the terminal opened,
 * so a reconnecting client asks for "everything after offset N" and gets
 * exactly the bytes it missed.
 */

export const FrameType = {
  Input: 0x01,
  Resize: 0x02,
  Ack: 0x03,
  Output: 0x10,
  Control: 0x11,
} as const;

/** Largest frame either side may send; the runner's ws server enforces it. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Largest input frame payload; clients chunk bigger pastes. */
export const MAX_INPUT_BYTES = 16 * 1024;
export const MAX_COLS = 1000;
export const MAX_ROWS = 500;

export type ClientFrame =
  | { type: "input"; data: Uint8Array }
  | { type: "resize"; cols: number; rows: number }
  | { type: "ack"; offset: number };

export type ControlMessage =
  /**
   * `resumed`: the shell is the one the client saw, taken over from a runner
   * that restarted; its offsets go on from `offset` and the client's screen
   * stays as it is (without it, an offset below the client's means a new shell).
   */
  | { t: "ready"; terminalId: string; offset: number; readOnly: boolean; resumed?: true }
  | { t: "gap"; from: number; to: number }
  | { t: "exit"; code: number | null }
  | { t: "sandbox-gone"; reason: string }
  | { t: "error"; code: string; message: string };

export type ServerFrame =
  | { type: "output"; offset: number; data: Uint8Array }
  | { type: "control"; message: ControlMessage };

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function frame(type: number, payloadLength: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(1 + payloadLength);
  bytes[0] = type;
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

export function encodeInput(data: Uint8Array | string): Uint8Array {
  const payload = typeof data === "string" ? encoder.encode(data) : data;
  if (payload.byteLength > MAX_INPUT_BYTES) throw new ProtocolError(`input frame of ${payload.byteLength} bytes exceeds ${MAX_INPUT_BYTES}`);
  const { bytes } = frame(FrameType.Input, payload.byteLength);
  bytes.set(payload, 1);
  return bytes;
}

export function encodeResize(cols: number, rows: number): Uint8Array {
  const { bytes, view } = frame(FrameType.Resize, 4);
  view.setUint16(1, cols);
  view.setUint16(3, rows);
  return bytes;
}

export function encodeAck(offset: number): Uint8Array {
  const { bytes, view } = frame(FrameType.Ack, 8);
  view.setFloat64(1, offset);
  return bytes;
}

export function encodeOutput(offset: number, data: Uint8Array): Uint8Array {
  const { bytes, view } = frame(FrameType.Output, 8 + data.byteLength);
  view.setFloat64(1, offset);
  bytes.set(data, 9);
  return bytes;
}

export function encodeControl(message: ControlMessage): Uint8Array {
  const payload = encoder.encode(JSON.stringify(message));
  const { bytes } = frame(FrameType.Control, payload.byteLength);
  bytes.set(payload, 1);
  return bytes;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isOffset(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Parses a frame from a browser; throws ProtocolError on anything malformed. */
export function decodeClientFrame(bytes: Uint8Array): ClientFrame {
  if (bytes.byteLength === 0) throw new ProtocolError("empty frame");
  const type = bytes[0];
  const view = viewOf(bytes);
  switch (type) {
    case FrameType.Input:
      if (bytes.byteLength - 1 > MAX_INPUT_BYTES) throw new ProtocolError(`input frame exceeds ${MAX_INPUT_BYTES} bytes`);
      return { type: "input", data: bytes.subarray(1) };
    case FrameType.Resize: {
      if (bytes.byteLength !== 5) throw new ProtocolError("resize frame must carry 4 bytes");
      const cols = view.getUint16(1);
      const rows = view.getUint16(3);
      if (cols < 1 || cols > MAX_COLS || rows < 1 || rows > MAX_ROWS) throw new ProtocolError(`resize out of range: ${cols}x${rows}`);
      return { type: "resize", cols, rows };
    }
    case FrameType.Ack: {
      if (bytes.byteLength !== 9) throw new ProtocolError("ack frame must carry 8 bytes");
      const offset = view.getFloat64(1);
      if (!isOffset(offset)) throw new ProtocolError("ack offset is not a non-negative integer");
      return { type: "ack", offset };
    }
    default:
      throw new ProtocolError(`unknown frame type 0x${(type ?? 0).toString(16)}`);
  }
}

/** Parses a frame from the runner (used by the browser and by tests). */
export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  if (bytes.byteLength === 0) throw new ProtocolError("empty frame");
  const type = bytes[0];
  if (type === FrameType.Output) {
    if (bytes.byteLength < 9) throw new ProtocolError("output frame too short");
    const offset = viewOf(bytes).getFloat64(1);
    if (!isOffset(offset)) throw new ProtocolError("output offset is not a non-negative integer");
    return { type: "output", offset, data: bytes.subarray(9) };
  }
  if (type === FrameType.Control) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(bytes.subarray(1)));
    } catch (err) {
      throw new ProtocolError(`control frame is not JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || typeof (parsed as { t?: unknown }).t !== "string") {
      throw new ProtocolError("control frame lacks a type");
    }
    return { type: "control", message: parsed as ControlMessage };
  }
  throw new ProtocolError(`unknown frame type 0x${(type ?? 0).toString(16)}`);
}
