import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../src/server/tokens.js";
import { CloseCode, MAX_FRAME_BYTES, encodeInput } from "../../src/protocol/index.js";
import { ORIGIN, SECRET, TermClient, removeAllTestObjects, runner, type Api, type Runner } from "./harness.js";

let r: Runner & { api: Api };
let base: string;
let sb: { id: string; token: string };
const PROMPT = /root@quai:[^\n]*# $/;
// eslint-disable-next-line no-control-regex -- the escape sequences of bold text
const ANSI_STYLE = /\x1b\[[0-9;]*m/g;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner();
  base = `http://127.0.0.1:${r.port}`;
  sb = await r.api.sandbox("learner-terminals");
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

/** Status of a refused upgrade. */
function refusal(url: string, origin = ORIGIN): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { origin } });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => reject(new Error("upgrade was accepted")));
    ws.on("error", () => undefined);
  });
}

describe("terminals over WebSocket", () => {
  it("opens a login shell; typing echoes; resize reaches the PTY; UTF-8 survives", async () => {
    const t = await TermClient.open(base, sb.id, "main", sb.token);
    await t.untilText(PROMPT);
    t.resize(132, 43);
    t.type("stty size; echo 'héllo ✓'\r");
    await t.untilText(/43 132\r?\nhéllo ✓\r?\n.*# $/s);
    // Completion of docker's subcommands: bash-completion is loaded at this first Tab (the image's .bashrc).
    t.type("docker ima\t");
    // eslint-disable-next-line no-control-regex -- the bell bash rings for an ambiguous completion
    await t.untilText(/# docker ima\x07?ge$/);
    t.type("\x15");
    await t.close();
  });

  it("wraps the welcome text to a phone-sized terminal", async () => {
    const t = await TermClient.open(base, sb.id, "phone", sb.token, { cols: 44, rows: 30 });
    await t.untilText(PROMPT);
    const welcome = t.text.slice(0, t.text.indexOf("root@quai"));
    expect(welcome).toContain("Bienvenue sur Quai");
    const widest = Math.max(...welcome.split(/\r?\n/).map((line) => [...line.replace(ANSI_STYLE, "")].length));
    expect(widest).toBeLessThanOrEqual(44);
    await t.close();
  });

  it("resumes the same shell after a drop and replays exactly the missed output", async () => {
    const t = await TermClient.open(base, sb.id, "resume", sb.token);
    await t.untilText(PROMPT);
    t.type("export MARK=$$\r");
    await t.untilText(/MARK=\$\$\r?\n.*# $/s);
    // Output the shell produces while nobody is connected must be replayed once.
    t.type("sleep 1; echo pendant-la-coupure\r");
    await t.untilText(/coupure\r?\n$/);
    t.ws.terminate();
    const seenBefore = t.offset;
    const textBefore = t.text;
    await new Promise((res) => setTimeout(res, 1500));
    const back = new TermClient();
    back.text = textBefore;
    await back.connect(base, sb.id, "resume", sb.token, { from: seenBefore });
    expect(back.controls[0]).toMatchObject({ t: "ready", offset: seenBefore });
    await back.untilText(/pendant-la-coupure\r?\n.*# $/s);
    back.type("echo pid=$MARK:$$\r");
    await back.untilText(/pid=(\d+):\1/);
    // Continuous stream (the client checks every frame's offset) with nothing doubled.
    expect(back.text.startsWith(textBefore)).toBe(true);
    expect(back.plain.match(/\npendant-la-coupure/g)).toHaveLength(1);
    await back.close();
  });

  it("lets Ctrl-C through a flood at once, and the runner's memory stays bounded", async () => {
    const t = await TermClient.open(base, sb.id, "flood", sb.token);
    await t.untilText(PROMPT);
    const rssBefore = process.memoryUsage().rss;
    t.type("cat /dev/urandom | base64\r");
    await t.until(() => t.offset > 4 * 1024 * 1024, 30_000, "4 MiB of flood");
    const rssDuring = process.memoryUsage().rss;
    t.text = "";
    const sent = performance.now();
    t.type("\x03");
    await t.untilText(/\^C\r?\n[^]*root@quai:[^\n]*# $/, 5000);
    const elapsed = performance.now() - sent;
    expect(elapsed).toBeLessThan(2000);
    // The runner pauses the shell instead of buffering a flood: far below the 4 MiB streamed.
    expect(rssDuring - rssBefore).toBeLessThan(64 * 1024 * 1024);
    const terminal = r.manager.get(sb.id).terminals.get("flood")!;
    expect(terminal.buffer.size).toBeLessThanOrEqual(1024 * 1024);
    await t.close();
  });

  it("pauses a flooding shell when the client stops acknowledging", async () => {
    const t = await TermClient.open(base, sb.id, "noack", sb.token);
    await t.untilText(PROMPT);
    t.autoAck = false;
    t.type("yes\r");
    await new Promise((res) => setTimeout(res, 1500));
    const received = t.offset;
    expect(received).toBeLessThanOrEqual(256 * 1024);
    expect(r.manager.get(sb.id).terminals.get("noack")!.isPaused).toBe(true);
    t.autoAck = true;
    t.ack();
    t.type("\x03");
    await t.untilText(/root@quai:[^\n]*# $/, 10_000);
    await t.close();
  });

  it("lets a trainer watch a terminal read-only", async () => {
    const owner = await TermClient.open(base, sb.id, "watched", sb.token);
    await owner.untilText(PROMPT);
    const { json } = await r.api.call("POST", `/v1/sandboxes/${sb.id}/tokens`, { role: "viewer" });
    const viewer = await TermClient.open(base, sb.id, "watched", json.token);
    expect(viewer.controls[0]).toMatchObject({ t: "ready", readOnly: true });
    viewer.type("echo ignored-by-runner\r");
    owner.type("echo visible-to-both\r");
    await viewer.untilText(/visible-to-both\r?\n/);
    expect(owner.plain).not.toContain("ignored-by-runner");
    // A viewer cannot create a shell of its own.
    await expect(TermClient.open(base, sb.id, "viewer-new", json.token)).rejects.toThrow("HTTP 404");
    await viewer.close();
    await owner.close();
  });

  it("refuses bad origins, forged, expired and foreign tokens before upgrading", async () => {
    const url = (token: string, id = sb.id) => `${base.replace("http", "ws")}/v1/sandboxes/${id}/terminals/x?token=${encodeURIComponent(token)}`;
    expect(await refusal(url(sb.token), "http://evil.example")).toBe(403);
    expect(await refusal(url(sb.token.slice(0, -2) + "AA"))).toBe(401);
    const expired = issueToken(SECRET, { sid: sb.id, sub: "learner-terminals", role: "owner" }, 10, Date.now() - 60_000).token;
    expect(await refusal(url(expired))).toBe(401);
    const other = issueToken(SECRET, { sid: "0123456789ab", sub: "learner-terminals", role: "owner" }, 60).token;
    expect(await refusal(url(other))).toBe(403);
    expect(await refusal(url(other, "0123456789ab"))).toBe(404);
    const wrongOwner = issueToken(SECRET, { sid: sb.id, sub: "someone-else", role: "owner" }, 60).token;
    expect(await refusal(url(wrongOwner))).toBe(403);
  });

  it("closes a socket that sends garbage, and the shell lives on for the next one", async () => {
    const t = await TermClient.open(base, sb.id, "garbage", sb.token);
    await t.untilText(PROMPT);
    t.ws.send("text frame");
    await t.until(() => t.closeCode !== null, 5000, "close");
    expect(t.closeCode).toBe(CloseCode.BadFrame);
    const big = await TermClient.open(base, sb.id, "garbage", sb.token);
    big.ws.send(Buffer.alloc(MAX_FRAME_BYTES + 10));
    await big.until(() => big.closeCode !== null, 5000, "close");
    expect(big.closeCode).toBe(CloseCode.TooBig);
    const again = await TermClient.open(base, sb.id, "garbage", sb.token);
    again.ws.send(Buffer.from([0x7f, 1, 2]));
    await again.until(() => again.closeCode !== null, 5000, "close");
    expect(again.closeCode).toBe(CloseCode.BadFrame);
    const ok = await TermClient.open(base, sb.id, "garbage", sb.token);
    ok.ws.send(encodeInput("echo still-here\r"));
    await ok.untilText(/still-here\r?\n/);
    await ok.close();
  });

  it("closes a terminal beyond the sandbox's limit with 4409, a reason a browser can read, and opens it once a place is free", async () => {
    const open = (await r.api.call("GET", `/v1/sandboxes/${sb.id}`)).json.sandbox.terminals.length as number;
    const extra: TermClient[] = [];
    for (let i = open; i < 8; i++) extra.push(await TermClient.open(base, sb.id, `plein-${i}`, sb.token));
    const refused = await TermClient.open(base, sb.id, "de-trop", sb.token);
    await refused.until(() => refused.closeCode !== null, 5000, "close");
    expect(refused.closeCode).toBe(CloseCode.TooManyTerminals);

    const first = extra[0]!;
    await first.untilText(PROMPT);
    first.type("exit\r");
    await first.until(() => first.closeCode !== null, 10_000, "the shell to end");
    const admitted = await TermClient.open(base, sb.id, "de-trop", sb.token);
    await admitted.untilText(PROMPT);
    for (const t of [admitted, ...extra.slice(1)]) t.type("exit\r");
  });
});
