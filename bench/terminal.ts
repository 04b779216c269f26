/**
 * `npm run bench:terminal`: what the site's terminal proxy costs, measured
 * on this machine with the e2e harness's services (a real runner, the built
 * site, their own ports and Docker instance). One terminal that already runs
 * is opened again and again, through the site and straight at the runner,
 * alternately (so a change of machine load hits both alike). Prints one JSON
 * line, each figure with min, p50, p95 and max:
 *
 * - openMs: `new WebSocket` → open (the upgrade answered, both hops).
 * - firstOutputMs: `new WebSocket` → first output frame (the replay of the
 *   terminal's screen): what a learner waits for after a reload.
 * - echoMs: one input byte → its echo in an output frame, back to back.
 *
 * and the load average while it ran. No browser: the socket is the point.
 */
import { WebSocket } from "ws";
import { FrameType, encodeAck, encodeInput } from "@quai/sandbox-runner/protocol";
import { ensureBuilt, removeE2eObjects, startRunner, startSite, waitFor, warmPoolReady } from "../e2e/support/servers";
import { spread as fullSpread, watchLoad } from "./stats";

const PORTS = { runner: Number(process.env.BENCH_RUNNER_PORT ?? 4340), site: Number(process.env.BENCH_SITE_PORT ?? 3340) };
const SITE = `http://localhost:${PORTS.site}`;
const RUNNER = `http://127.0.0.1:${PORTS.runner}`;
const INSTANCE = "quai-bench-terminal";
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const ECHOES = Number(process.env.BENCH_KEYSTROKES ?? 200);
const TERMINAL = "bench-1";

interface Session {
  sandboxId: string;
  token: string;
}

const spread = (samples: number[]) => fullSpread(samples, 2);

/** A learner as the site knows them: the cookie from a page, then their sandbox. */
async function learnerSession(): Promise<Session> {
  const page = await fetch(`${SITE}/cours/premiers-pas`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const answer = await fetch(`${SITE}/api/sandbox`, { method: "POST", headers: { cookie, origin: SITE, "content-type": "application/json" }, body: "{}" });
  if (!answer.ok) throw new Error(`POST /api/sandbox answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as Session;
}

function terminalUrl(via: "site" | "runner", { sandboxId, token }: Session): string {
  const query = `token=${encodeURIComponent(token)}&offset=0&cols=80&rows=24`;
  // Both by address: a name lookup would only add noise to one side.
  return via === "site" ? `ws://127.0.0.1:${PORTS.site}/ws/sandboxes/${sandboxId}/terminals/${TERMINAL}?${query}` : `ws://127.0.0.1:${PORTS.runner}/v1/sandboxes/${sandboxId}/terminals/${TERMINAL}?${query}`;
}

/** Opens the terminal, and resolves once the first output frame is in. */
function open(url: string): Promise<{ ws: WebSocket; openMs: number; firstOutputMs: number }> {
  const started = performance.now();
  const ws = new WebSocket(url, { headers: { origin: SITE } });
  let openMs = 0;
  return new Promise((resolve, reject) => {
    ws.once("open", () => (openMs = performance.now() - started));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`${url}: HTTP ${res.statusCode}`)));
    ws.once("error", reject);
    ws.on("message", function first(data: Buffer) {
      if (data[0] !== FrameType.Output) return;
      ws.off("message", first);
      resolve({ ws, openMs, firstOutputMs: performance.now() - started });
    });
  });
}

function close(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.once("close", () => resolve());
    ws.close();
  });
}

/** Output offsets acknowledged as they come (the runner pauses a terminal nobody acknowledges). */
function autoAck(ws: WebSocket): void {
  ws.on("message", (data: Buffer) => {
    if (data[0] !== FrameType.Output) return;
    const offset = data.readDoubleBE(1) + data.byteLength - 9;
    ws.send(encodeAck(offset));
  });
}

async function echoes(url: string, n: number): Promise<number[]> {
  const { ws } = await open(url);
  autoAck(ws);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const sent = performance.now();
    await new Promise<void>((resolve) => {
      const onMessage = (data: Buffer) => {
        if (data[0] !== FrameType.Output || !data.subarray(9).includes(0x78)) return;
        ws.off("message", onMessage);
        resolve();
      };
      ws.on("message", onMessage);
      ws.send(encodeInput("x"));
    });
    samples.push(performance.now() - sent);
  }
  ws.send(encodeInput("\u0015")); // Ctrl+U: the line of x goes
  await close(ws);
  return samples;
}

async function main(): Promise<void> {
  ensureBuilt();
  removeE2eObjects(INSTANCE);
  const runner = startRunner(PORTS, 1, { instance: INSTANCE });
  const site = startSite(PORTS);
  try {
    await waitFor(`${RUNNER}/healthz`, runner, "the runner", 120_000);
    await waitFor(`${SITE}/`, site, "the site", 60_000);
    await warmPoolReady(180_000, RUNNER, 1);
    const session = await learnerSession();
    // The terminal's shell starts once; every measured open finds it running.
    const warm = await open(terminalUrl("site", session));
    await new Promise((r) => setTimeout(r, 1000));
    await close(warm.ws);

    const load = watchLoad();
    const measured = { site: { openMs: [] as number[], firstOutputMs: [] as number[] }, runner: { openMs: [] as number[], firstOutputMs: [] as number[] } };
    for (let run = 0; run < RUNS; run++) {
      for (const via of ["site", "runner"] as const) {
        const { ws, openMs, firstOutputMs } = await open(terminalUrl(via, session));
        measured[via].openMs.push(openMs);
        measured[via].firstOutputMs.push(firstOutputMs);
        await close(ws);
      }
    }
    const echo = { site: await echoes(terminalUrl("site", session), ECHOES), runner: await echoes(terminalUrl("runner", session), ECHOES) };
    const summary = (via: "site" | "runner") => ({ openMs: spread(measured[via].openMs), firstOutputMs: spread(measured[via].firstOutputMs), echoMs: spread(echo[via]) });
    console.log(JSON.stringify({ runs: RUNS, echoes: ECHOES, site: summary("site"), runner: summary("runner"), loadavg: load.stop() }));
  } finally {
    await Promise.all([site.stop(), runner.stop()]);
    removeE2eObjects(INSTANCE);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
