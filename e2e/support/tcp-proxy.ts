import { connect, createServer } from "node:net";
import type { Server, Socket } from "node:net";

/**
 * A TCP relay in front of the site, to cut the network between a browser
 * and it and to bring it back in an instant (a restarted site takes seconds
 * to answer, long enough for the page's own backoff to reconnect first).
 * While cut, connections already open are destroyed and new ones refused
 * (accepted, then destroyed at once: the browser sees a failed connection).
 */
export interface TcpProxy {
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(listenPort: number, targetPort: number): Promise<TcpProxy> {
  let up = true;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      open.add(s);
      s.on("close", () => open.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", resolve);
  });
  return {
    cut() {
      up = false;
      for (const s of open) s.destroy();
    },
    restore() {
      up = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
