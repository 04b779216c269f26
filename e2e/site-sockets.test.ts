import { readdirSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { CloseCode, FrameType } from "@quai/sandbox-runner/protocol";
import { pageCookie, postJson, removeSandboxes } from "./support/http";
import { RUNNER_PORT, RUNNER_URL, SITE_PORT, startSite, waitFor } from "./support/servers";
import type { Site } from "./support/servers";

/**
 * The site's sockets, against the real runner: every upgrade it does not
 * route is answered and closed, a client that goes silent is cut, and a
 * message past the runner's limit closes the socket as the runner would.
 * Its own site (port 3314), so its file descriptors are this file's alone.
 */
const PORTS = { runner: RUNNER_PORT, site: 3314 };
const SITE = `http://localhost:${PORTS.site}`;
// An Origin the e2e runner accepts (servers.ts); the site passes the browser's on as it is.
const ORIGIN = `http://localhost:${SITE_PORT}`;
let site: Site;
const sandboxes = new Set<string>();

beforeAll(async () => {
  site = startSite(PORTS);
  await waitFor(`${SITE}/`, site, "the sockets test's site", 60_000);
});

afterAll(async () => {
  await removeSandboxes(sandboxes);
  await site?.stop();
});

const openFds = () => readdirSync(`/proc/${site.child.pid}/fd`).length;

/** Waits until the site holds no more descriptors than `baseline` (+ `slack`), and says how many it holds. */
async function fdsSettle(baseline: number, slack: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let now = openFds();
  while (now > baseline + slack && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    now = openFds();
  }
  return now;
}

const request = (path: string, upgrade = "websocket") =>
  `GET ${path} HTTP/1.1\r\nHost: localhost:${PORTS.site}\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

/**
 * Sends `text`, optionally stops sending (half-close, like a client that
 * leaves), and resolves with what came back once the site closed the
 * socket, or null if it had not within `timeoutMs` (the socket is then cut).
 */
function exchange(text: string, { leave, timeoutMs }: { leave: boolean; timeoutMs: number }): Promise<{ answer: string; ms: number } | null> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(PORTS.site, "127.0.0.1");
    socket.setNoDelay(true);
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, timeoutMs);
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ answer, ms: Date.now() - started });
    });
    socket.write(text);
    if (leave) socket.end();
  });
}

describe("upgrades the site does not route", () => {
  it("answers 1,000 of them with an HTTP 404, closes each, and is back to its file descriptors within seconds", async () => {
    await fetch(`${SITE}/`);
    const baseline = await fdsSettle(0, Number.MAX_SAFE_INTEGER, 0);
    const paths = ["/ws/other", "/zzz", "/ws/sandboxes/pas-un-id/terminals/x", "/cours/premiers-pas", "/_next/webpack-hmr"];
    const outcomes: Array<{ answer: string; ms: number } | null> = [];
    for (let batch = 0; batch < 10; batch++) {
      // Half of them leave at once, half stay and wait for the site to close.
      outcomes.push(...(await Promise.all(Array.from({ length: 100 }, (_, i) => exchange(request(paths[i % paths.length]!), { leave: i % 2 === 0, timeoutMs: 5_000 })))));
    }
    const unanswered = outcomes.filter((o) => o === null || !o.answer.startsWith("HTTP/1.1 404 Not Found\r\n")).length;
    expect(unanswered, "upgrades left without an answer, or not closed by the site within 5 s").toBe(0);
    const left = await fdsSettle(baseline, 3, 5_000);
    expect(left, `file descriptors: ${baseline} before, ${left} after`).toBeLessThanOrEqual(baseline + 3);
  });

  it("cuts a client that starts an upgrade and goes silent, within seconds", async () => {
    const baseline = await fdsSettle(0, Number.MAX_SAFE_INTEGER, 0);
    const partial = `GET /ws/sandboxes/0123456789ab/terminals/x HTTP/1.1\r\nHost: localhost:${PORTS.site}\r\nUpgrade: websocket\r\n`;
    const outcome = await exchange(partial, { leave: false, timeoutMs: 20_000 });
    expect(outcome, "the silent client was still connected after 20 s").not.toBeNull();
    expect(outcome!.ms).toBeLessThan(15_000);
    expect(await fdsSettle(baseline, 1, 2_000)).toBeLessThanOrEqual(baseline + 1);
  });
});

describe("a terminal socket through the site", () => {
  let url: (via: "site" | "runner") => string;

  beforeAll(async () => {
    const cookie = await pageCookie(SITE);
    const session = await postJson(SITE, "/api/sandbox", { cookie });
    expect(session.status).toBe(200);
    const { sandboxId, token } = session.json as { sandboxId: string; token: string };
    sandboxes.add(sandboxId);
    const query = `token=${encodeURIComponent(token)}&offset=0&cols=80&rows=24`;
    url = (via) => (via === "site" ? `ws://localhost:${PORTS.site}/ws/sandboxes/${sandboxId}/terminals/e2e-gros?${query}` : `${RUNNER_URL.replace("http", "ws")}/v1/sandboxes/${sandboxId}/terminals/e2e-gros?${query}`);
  });

  /** Opens the terminal, then sends a 10 MB message in 64 KiB fragments until the socket closes; its close code. */
  async function floodOneMessage(via: "site" | "runner"): Promise<{ code: number; ms: number }> {
    const ws = new WebSocket(url(via), { origin: ORIGIN });
    await new Promise<void>((resolve, reject) => {
      ws.once("unexpected-response", (_req, res) => reject(new Error(`${via}: HTTP ${res.statusCode}`)));
      ws.once("error", reject);
      ws.on("message", (data: Buffer) => data[0] === FrameType.Control && resolve());
    });
    const started = Date.now();
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.on("error", () => undefined);
    const fragment = Buffer.alloc(64 * 1024, 0x61);
    fragment[0] = FrameType.Input;
    for (let sent = 0; sent < 160 && ws.readyState === WebSocket.OPEN; sent++) {
      ws.send(fragment, { binary: true, fin: false });
      await new Promise((r) => setImmediate(r));
    }
    const code = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 5_000))]);
    ws.terminate();
    return { code, ms: Date.now() - started };
  }

  it("closes on a 10 MB fragmented message with the runner's own code, and lets both sockets go", async () => {
    const baseline = await fdsSettle(0, Number.MAX_SAFE_INTEGER, 0);
    const atRunner = await floodOneMessage("runner");
    expect(atRunner.code).toBe(CloseCode.TooBig);
    const throughSite = await floodOneMessage("site");
    expect(throughSite.code, "close code through the site (-1: still open after 5 s)").toBe(atRunner.code);
    expect(await fdsSettle(baseline, 2, 5_000)).toBeLessThanOrEqual(baseline + 2);
  });

  it("passes on the runner's refusal as an HTTP answer", async () => {
    const refused = await exchange(request(`/ws/sandboxes/0123456789ab/terminals/x?token=faux`).replace("\r\n\r\n", `\r\nOrigin: ${ORIGIN}\r\n\r\n`), { leave: false, timeoutMs: 5_000 });
    expect(refused?.answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n[^]*Votre accès au terminal a expiré/);
  });
});
