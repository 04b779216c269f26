import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../src/protocol/index.js";
import { INSTANCE, TermClient, leftovers, removeAllTestObjects, runner, type Api, type Runner } from "./harness.js";

let r: Runner & { api: Api };
const PROMPT = /root@quai:[^\n]*# $/;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner({ QUAI_WARM_POOL: "1" });
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe("runner restarts and sandboxes dying", () => {
  it("hands out a warm sandbox and refills the pool", async () => {
    await waitFor(() => r.manager.stats.warm === 1, 60_000, "a warm sandbox");
    const started = performance.now();
    const { id } = await r.api.sandbox("learner-adopt");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(execFileSync("docker", ["inspect", "-f", "{{.Name}}", `${INSTANCE}-sb-learner-adopt`], { encoding: "utf8" }).trim()).toBe(`/${INSTANCE}-sb-learner-adopt`);
    await waitFor(() => r.manager.stats.warm === 1, 60_000, "the pool to refill");
    expect(r.manager.get(id).owner).toBe("learner-adopt");
  });

  it("adopts running sandboxes after a restart and removes orphans", async () => {
    const { id } = await r.api.sandbox("learner-adopt");
    await r.api.exec(id, "docker volume create garde-moi >/dev/null");
    // An orphan: a labelled volume whose sandbox no longer exists.
    execFileSync("docker", ["volume", "create", "--label", `quai.instance=${INSTANCE}`, "--label", "quai.role=sandbox", "--label", "quai.sandbox=deadbeef0000", `${INSTANCE}-vol-deadbeef0000`]);
    await r.stop();
    r = await runner({ QUAI_WARM_POOL: "1" });
    expect((await r.api.sandbox("learner-adopt")).id).toBe(id);
    expect(r.manager.stats.warm).toBe(1);
    const res = await r.api.exec(id, "docker volume ls -q");
    expect(res.stdout).toContain("garde-moi");
    expect(leftovers()).not.toContain(`volume ${INSTANCE}-vol-deadbeef0000`);
  });

  it("tells the learner when the sandbox is killed from outside, and gives it back, work kept, at their return", async () => {
    const { id, token } = await r.api.sandbox("learner-adopt");
    const t = await TermClient.open(`http://127.0.0.1:${r.port}`, id, "main", token);
    await t.untilText(PROMPT);
    execFileSync("docker", ["kill", `${INSTANCE}-sb-learner-adopt`]);
    await t.until(() => t.closeCode !== null, 10_000, "the socket to close");
    expect(t.closeCode).toBe(CloseCode.SandboxAsleep);
    // Asleep, not destroyed: its disk holds the learner's work.
    expect(t.controls.some((c) => c.t === "sandbox-gone" && c.reason === "asleep")).toBe(true);
    await waitFor(() => r.manager.sleeperOf("learner-adopt")?.id === id, 10_000, "the killed sandbox to sleep");
    const back = await r.api.sandbox("learner-adopt");
    expect(back.id).toBe(id);
    expect((await r.api.exec(back.id, "docker info --format '{{.ServerVersion}}'")).stdout).toMatch(/^2\d\./);
  });
});
