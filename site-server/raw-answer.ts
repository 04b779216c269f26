import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** How long a refused client may take to read a few hundred bytes before its socket is cut anyway. */
const FLUSH_GRACE_MS = 2_000;

/**
 * Answers an upgrade request on its raw socket (no WebSocket was accepted)
 * and closes the socket for good: ended, then destroyed once the answer is
 * out. Ending alone would leave it half-open for as long as the client
 * keeps its side, one file descriptor each (issue 8, H5).
 */
export function answerAndClose(socket: Duplex, status: number, body: string, contentType = "application/json; charset=utf-8"): void {
  if (socket.destroyed) return;
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`, "Connection: close", "Cache-Control: no-store", `Content-Type: ${contentType}`, `Content-Length: ${Buffer.byteLength(body)}`];
  // Whatever else the client sends is read and dropped: unread bytes would turn the close into a reset that can lose the answer.
  socket.resume();
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`, () => socket.destroy());
  setTimeout(() => socket.destroy(), FLUSH_GRACE_MS).unref();
}

/** The site API's error shape, for an answer on a raw socket. */
export function errorBody(code: string, messageFr: string): string {
  return JSON.stringify({ error: { code, message: messageFr } });
}
