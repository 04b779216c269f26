import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../src/protocol/index.js";
import { Api, INSTANCE, TermClient, removeAllTestObjects, shell } from "./harness.js";
import { freePort, kill9, startRunnerProcess, type RunnerProcess } from "./runner-process.js";

/**
 * A warm sandbox starts a login shell before anyone asks (spare-shells.ts):
 * the learner's first terminal is that shell, with its welcome and prompt
 * already printed, at the terminal's size, and under the terminal's id in
 * the sandbox (quai-term alias), so that a runner killed and started again
 * finds it, exits included.
 */
const PROMPT = /root@quai:[^\n]*# $/;

let port = 0;
let current: RunnerProcess | null = null;

const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" });
/** A command on a sandbox's outer side (where dtach holds the shells). */
const outer = (container: string, command: string) => docker("exec", container, "bash", "-c", command);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The warm sandbox's container and id, once its spare shell runs. */
async function warmWithSpare(): Promise<{ container: string; id: string }> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const rows = docker("ps", "--filter", `label=quai.instance=${INSTANCE}`, "--filter", "label=quai.role=sandbox", "--format", '{{.Names}} {{.Label "quai.sandbox"}}')
      .split("\n")
      .filter((line) => line.includes("-warm-"));
    for (const row of rows) {
      const [container, id] = row.split(" ") as [string, string];
      if (outer(container, "/usr/lib/quai/quai-term list || true").split("\n").includes("quai-spare")) return { container, id };
    }
    await sleep(500);
  }
  throw new Error("no warm sandbox with its spare shell in 90 s");
}

beforeAll(async () => {
  removeAllTestObjects();
  port = await freePort();
  current = await startRunnerProcess(port, { QUAI_WARM_POOL: "1", QUAI_POOL_REFILL_DELAY_S: "600" });
}, 120_000);

afterAll(async () => {
  if (current) await kill9(current);
  removeAllTestObjects();
}, 60_000);

describe("the spare shell of a warm sandbox", () => {
  it("becomes the first terminal, prompt ready, at its size, and survives a runner restart under the terminal's id", async () => {
    const base = `http://127.0.0.1:${port}`;
    const warm = await warmWithSpare();
    const spareMaster = outer(warm.container, "cat /run/quai/terms/quai-spare.pid").trim();

    const { id, token } = await new Api(base).sandbox("learner-spare");
    expect(id).toBe(warm.id);
    const container = `${INSTANCE}-sb-learner-spare`;
    const t = await TermClient.open(base, id, "premiers-pas-1", token, { cols: 100, rows: 30 });
    await t.untilText(PROMPT, 30_000);
    // What the shell printed before anyone asked: the welcome, folded to the spare's width.
    expect(t.plain).toContain("Bienvenue sur Quai !");
    expect((await shell(t, "stty size")).out).toContain("30 100");
    expect(outer(container, "cat /run/quai/terms/premiers-pas-1.alias").trim()).toBe("quai-spare");
    expect(outer(container, "cat /run/quai/terms/quai-spare.pid").trim()).toBe(spareMaster);
    expect(outer(container, "/usr/lib/quai/quai-term list").split("\n").filter(Boolean)).toEqual(["premiers-pas-1"]);
    const pid = /pid=(\d+)/.exec((await shell(t, "echo pid=$$")).out)?.[1];
    expect(pid).toMatch(/^\d+$/);

    // A runner killed and started again attaches to it under the terminal's id.
    const offset = t.offset;
    await kill9(current!);
    current = null;
    await t.until(() => t.closeCode !== null, 10_000, "the socket to drop");
    current = await startRunnerProcess(port, { QUAI_TERMINAL_GRACE_S: "600" });
    t.controls = [];
    const textBefore = t.plain.length;
    await t.connect(base, id, "premiers-pas-1", token, { from: offset, cols: 100, rows: 30 });
    t.type("echo pid=$$ again\r");
    await t.untilText(/pid=\d+ again\r?\n/, 15_000);
    expect(t.controls.find((c) => c.t === "ready")).toMatchObject({ terminalId: "premiers-pas-1", resumed: true });
    expect(/pid=(\d+) again/.exec(t.plain.slice(textBefore).replace(/echo pid=\$\$ again/g, ""))?.[1]).toBe(pid);

    // Its exit is reported with its own code, and nothing of it is left behind.
    t.type("exit 5\r");
    await t.until(() => t.closeCode !== null, 15_000, "the shell to exit");
    expect(t.controls.at(-1)).toEqual({ t: "exit", code: 5 });
    expect(t.closeCode).toBe(CloseCode.TerminalExited);
    expect(outer(container, "ls /run/quai/terms").trim()).toBe("");
    expect(outer(container, "pgrep -c dtach || true").trim()).toBe("0");

    // The same terminal id opened again is a new shell of its own.
    const again = await TermClient.open(base, id, "premiers-pas-1", token, { cols: 100, rows: 30 });
    await again.untilText(PROMPT, 30_000);
    expect(outer(container, "ls /run/quai/terms").split("\n").filter(Boolean).sort()).toEqual(["premiers-pas-1", "premiers-pas-1.pid"]);
    await again.close();
  }, 240_000);
});
