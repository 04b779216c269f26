import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../src/protocol/index.js";
import { Api, INSTANCE, TermClient, removeAllTestObjects, shell } from "./harness.js";
import { freePort, kill9, startRunnerProcess as startProcess, type RunnerProcess } from "./runner-process.js";

/**
 * A runner killed with SIGKILL (a crash, an upgrade gone wrong) and started
 * again keeps every learner's shell: the runner is a real child process here
 * (node + tsx, as `npm start` runs it), so the kill is a real kill.
 */
const PROMPT = /root@quai:[^\n]*# $/;

let port = 0;
let current: RunnerProcess | null = null;

const startRunnerProcess = (env: Record<string, string> = {}) => startProcess(port, env);

/** A command on the sandbox's outer side (where dtach holds the shells), from the host. */
function outer(command: string): string {
  return execFileSync("docker", ["exec", `${INSTANCE}-sb-learner-survive`, "bash", "-c", command], { encoding: "utf8" });
}

const seqs = (text: string) => [...text.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  removeAllTestObjects();
  port = await freePort();
  current = await startRunnerProcess();
}, 120_000);

afterAll(async () => {
  if (current) await kill9(current);
  removeAllTestObjects();
}, 60_000);

describe("shells that survive the runner", () => {
  it("kill -9 of the runner: the same shell answers after the restart, ping still running, every keystroke delivered", async () => {
    const base = `http://127.0.0.1:${port}`;
    const api = new Api(base);
    const { id, token } = await api.sandbox("learner-survive");
    const t = await TermClient.open(base, id, "main", token);
    await t.untilText(PROMPT, 60_000);
    const before = await shell(t, "echo pid=$$");
    const pid = /pid=(\d+)/.exec(before.out)?.[1];
    expect(pid).toMatch(/^\d+$/);
    // A second shell nobody comes back to: it must not outlive its grace period.
    const spare = await TermClient.open(base, id, "spare", token);
    await spare.untilText(PROMPT, 60_000);
    await spare.close();

    t.type("ping -i 0.2 127.0.0.1\r");
    await t.until(() => seqs(t.plain).length >= 5, 15_000, "ping output");
    const lastBefore = Math.max(...seqs(t.plain));
    const offsetBefore = t.offset;

    await kill9(current!);
    current = null;
    await t.until(() => t.closeCode !== null, 10_000, "the socket to drop");
    expect(t.closeCode).toBe(1006);
    // The shells live on without any runner.
    expect(outer("/usr/lib/quai/quai-term list").split("\n").filter(Boolean).sort()).toEqual(["main", "spare"]);
    // The dead runner's client is still attached (its exec outlives the
    // runner's connection to the engine), its output unread: the master would
    // wait on it forever. The next runner's `quai-term open` removes it.
    const stale = outer("pgrep -fc '^dtach -A /run/quai/terms/main ' || true").trim();
    expect(Number(stale)).toBe(2); // the master and the dead runner's client

    current = await startRunnerProcess({ QUAI_TERMINAL_GRACE_S: "8" });
    const textBefore = t.plain.length;
    t.controls = [];
    await t.connect(base, id, "main", token, { from: offsetBefore });
    // Typed at once, before any output: Ctrl-C stops the same ping, then the same shell answers.
    t.type("\u0003");
    t.type("echo pid=$$ again\r");
    await t.untilText(/pid=\d+ again\r?\n/, 15_000);

    const ready = t.controls.find((c) => c.t === "ready");
    expect(ready).toEqual({ t: "ready", terminalId: "main", offset: offsetBefore, readOnly: false, resumed: true });
    const after = t.plain.slice(textBefore);
    expect(/pid=(\d+) again/.exec(after.replace(/echo pid=\$\$ again/g, ""))?.[1]).toBe(pid);
    // The same ping: its statistics count what it sent before the kill, and its sequence went on.
    const transmitted = Number(/(\d+) packets transmitted/.exec(after)?.[1]);
    expect(transmitted).toBeGreaterThan(lastBefore);
    expect(seqs(after).every((n) => n > lastBefore)).toBe(true);
    // dtach's screen clear on attach never reached the learner's screen.
    expect(t.text).not.toContain("\x1b[H\x1b[J");

    // One client on the shell: the dead runner's, if it was still there, is gone.
    const clients = outer("pgrep -fc '^dtach -A /run/quai/terms/main ' || true").trim();
    expect(Number(clients)).toBe(2); // the master and this runner's client

    // The shell's exit is still reported, with its own code, and its holder is gone.
    t.type("exit 7\r");
    await t.until(() => t.closeCode !== null, 15_000, "the shell to exit");
    expect(t.controls.at(-1)).toEqual({ t: "exit", code: 7 });
    expect(t.closeCode).toBe(CloseCode.TerminalExited);
    expect(t.plain).not.toContain("dtach terminating");

    // The unclaimed shell is ended after the grace period (8 s, reaper every 10 s).
    const deadline = Date.now() + 40_000;
    while (outer("/usr/lib/quai/quai-term list").includes("spare") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    expect(outer("/usr/lib/quai/quai-term list").trim()).toBe("");
    expect(outer("pgrep -c dtach || true").trim()).toBe("0");
  }, 240_000);
});
