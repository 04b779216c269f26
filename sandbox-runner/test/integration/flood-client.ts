/**
 * A flooding client, run as its own process so that the runner under test
 * (in the test's process) is measured alone:
 *
 *   tsx flood-client.ts frames <ws-url> <origin> <kind,kind…> <ms>
 *     one socket per kind (resize, input, ack), each sending valid frames as
 *     fast as it takes them for <ms>;
 *   tsx flood-client.ts upgrades <http-url> <count> <hold-ms>
 *     opens <count> raw sockets asking to upgrade a path nobody routes, holds
 *     them half-open for <hold-ms> (never closing its side), then counts
 *     those the server closed.
 *
 * Prints one JSON line with what it did, then exits.
 */
import { connect, type Socket } from "node:net";
import { WebSocket } from "ws";
import { encodeAck, encodeInput, encodeResize } from "../../src/protocol/index.js";

const [mode, ...args] = process.argv.slice(2);

async function frames(url: string, origin: string, kind: string, ms: number): Promise<{ sent: number; closedBy: string | null }> {
  const ws = new WebSocket(url, { headers: { origin } });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.on("message", () => undefined);
  let sent = 0;
  const end = Date.now() + ms;
  let i = 0;
  const next = () =>
    kind === "resize" ? encodeResize(20 + (i++ % 200), 10 + (i % 50)) : kind === "input" ? encodeInput("x") : encodeAck(0);
  while (Date.now() < end && ws.readyState === ws.OPEN) {
    // Keep at most 1 MiB queued on our side: the kernel's buffers are the flood.
    while (ws.bufferedAmount < 1 << 20 && Date.now() < end) {
      ws.send(next());
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const closedBy = ws.readyState === ws.OPEN ? null : "runner";
  ws.terminate();
  return { sent, closedBy };
}

async function upgrades(base: string, count: number, holdMs: number): Promise<void> {
  const { hostname, port } = new URL(base);
  const sockets: Socket[] = [];
  const dead = new Set<Socket>();
  const answered: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const socket = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    sockets.push(socket);
    socket.on("error", () => dead.add(socket));
    socket.on("close", () => dead.add(socket));
    answered.push(
      new Promise((resolve) => {
        let head = "";
        socket.on("data", (d) => {
          head += d.toString();
          const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
          if (status) resolve(Number(status));
        });
        socket.on("close", () => resolve(0));
      }),
    );
    socket.write(`GET /zzz/${i} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
  }
  const codes = await Promise.all(answered);
  // We never end our side; a socket the server has closed answers a write with a reset.
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  for (const s of sockets) if (!s.destroyed) s.write("x");
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const s of sockets) if (!s.destroyed) s.write("x");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const statuses: Record<string, number> = {};
  for (const c of codes) statuses[c] = (statuses[c] ?? 0) + 1;
  console.log(JSON.stringify({ statuses, closedByServer: dead.size }));
  for (const s of sockets) s.destroy();
}

if (mode === "frames") {
  const sent = await Promise.all(args[2]!.split(",").map((kind) => frames(args[0]!, args[1]!, kind, Number(args[3]))));
  console.log(JSON.stringify({ sent: sent.reduce((n, s) => n + s.sent, 0), closedByRunner: sent.filter((s) => s.closedBy).length }));
}
else if (mode === "upgrades") await upgrades(args[0]!, Number(args[1]), Number(args[2]));
else throw new Error(`unknown mode ${mode}`);
