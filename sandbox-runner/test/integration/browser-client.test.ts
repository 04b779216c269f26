import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TerminalConnection, type ConnectionState, type SocketLike } from "../../src/protocol/index.js";
import { ORIGIN, removeAllTestObjects, runner, stripAnsi, type Api, type Runner } from "./harness.js";

/**
 * The browser's terminal client (protocol/client.ts), run under Node against
 * the real runner: what the workbench relies on for reconnects and pastes.
 */
let r: Runner & { api: Api };
let sandboxId: string;
let tokensIssued = 0;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner();
  sandboxId = (await r.api.sandbox("learner-browser")).id;
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

function connection(terminalId: string) {
  let text = "";
  const states: ConnectionState[] = [];
  const conn = new TerminalConnection({
    url: async (offset) => {
      tokensIssued++;
      const { json } = await r.api.call("POST", `/v1/sandboxes/${sandboxId}/tokens`, { role: "owner" });
      return `ws://127.0.0.1:${r.port}/v1/sandboxes/${sandboxId}/terminals/${terminalId}?token=${json.token}&offset=${offset}&cols=100&rows=30`;
    },
    onOutput: (data, done) => {
      text += Buffer.from(data).toString("utf8");
      done();
    },
    onState: (s) => states.push(s),
    socket: (url) => new WebSocket(url, { headers: { origin: ORIGIN } }) as unknown as SocketLike,
    minBackoffMs: 50,
  });
  const until = async (re: RegExp, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!re.test(stripAnsi(text))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}: ${JSON.stringify(stripAnsi(text).slice(-300))}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  return { conn, states, until, text: () => stripAnsi(text) };
}

describe("the browser's terminal client against the real runner", () => {
  it("reconnects by itself after a drop, with a fresh token, and resumes the same shell without duplicates", async () => {
    const c = connection("browser");
    c.conn.connect();
    await c.until(/# $/);
    c.conn.send("export N=$$; for i in 1 2 3; do echo ligne-$i; sleep 0.3; done\r");
    await c.until(/ligne-1\n/);
    const before = tokensIssued;
    c.conn.drop();
    await c.until(/ligne-3\n[^]*# $/);
    expect(c.states).toContain("reconnecting");
    expect(c.states.at(-1)).toBe("connected");
    expect(tokensIssued).toBeGreaterThan(before);
    for (const n of [1, 2, 3]) expect(c.text().match(new RegExp(`\\nligne-${n}\\n`, "g"))).toHaveLength(1);
    c.conn.send("echo same=$(( N == $$ ))\r");
    await c.until(/same=1\n/);
    c.conn.close();
  });

  it("pastes 100 KB in chunks the runner accepts, and every byte arrives", async () => {
    const c = connection("paste");
    c.conn.connect();
    await c.until(/# $/);
    c.conn.send("stty -echo; wc -c\r");
    await new Promise((res) => setTimeout(res, 300));
    const line = "x".repeat(99) + "\n";
    c.conn.send(line.repeat(1000));
    c.conn.send("\x04");
    await c.until(/\n100000\n/);
    c.conn.send("stty echo\r");
    c.conn.close();
  });

  it("says the sandbox expired when it is destroyed", async () => {
    const c = connection("expiry");
    c.conn.connect();
    await c.until(/# $/);
    await r.api.call("DELETE", `/v1/sandboxes/${sandboxId}`);
    const end = Date.now() + 10_000;
    while (c.conn.state !== "expired" && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    expect(c.conn.state).toBe("expired");
  });
});
