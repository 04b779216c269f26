import pino from "pino";
import { describe, expect, it } from "vitest";
import { FakeDriver } from "../driver/fake-driver.js";
import { SandboxManager } from "./manager.js";
import { SPARE_SHELL, SPARE_SIZE } from "./spare-shells.js";

const log = pino({ level: "silent" });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error("condition never held");
};

async function warmManager(driver = new FakeDriver()) {
  const manager = new SandboxManager(driver, log, { warmPool: 1, reapEveryMs: 60_000, poolRefillDelayMs: 60_000 });
  await manager.start();
  await until(() => manager.stats.warm === 1 && driver.opened.length === 1);
  return { driver, manager };
}

const sparesOf = (driver: FakeDriver, id: string) => driver.opened.filter((o) => o.sandboxId === id && o.shell === SPARE_SHELL);

describe("spare shells of warm sandboxes", () => {
  it("the first new terminal takes the spare with what it printed; the next one starts its own shell", async () => {
    const { driver, manager } = await warmManager();
    const spare = driver.opened[0]!;
    expect(spare).toMatchObject({ shell: SPARE_SHELL, sizes: [SPARE_SIZE] });
    spare.stream.write("Bienvenue sur Quai !\r\nroot@quai:~# ");
    const sb = await manager.acquire("amel");
    expect(sb.id).toBe(spare.sandboxId);

    const first = await manager.terminal(sb.id, "reseau-1", { create: true, cols: 100, rows: 30 });
    expect(first!.id).toBe("reseau-1");
    expect(Buffer.from(first!.buffer.read(0, 1000).data).toString()).toContain("root@quai:~# ");
    expect(spare.sizes.at(-1)).toEqual({ cols: 100, rows: 30 });
    await until(() => driver.aliases.length === 1);
    expect(driver.aliases).toEqual([`${sb.id}/${SPARE_SHELL}=reseau-1`]);

    const second = await manager.terminal(sb.id, "reseau-2", { create: true, cols: 100, rows: 30 });
    expect(second).not.toBe(first);
    expect(driver.opened.at(-1)).toMatchObject({ sandboxId: sb.id, shell: "reseau-2", sizes: [{ cols: 100, rows: 30 }] });
    manager.stop();
  });

  it("a taken spare counts its idle time from when it was taken, not from when it started", async () => {
    const { driver, manager } = await warmManager();
    const sb = await manager.acquire("bruno");
    const t = await manager.terminal(sb.id, "images-1", { create: true, cols: 80, rows: 24 });
    // Started long ago as the sandbox waited warm: the reaper would end it at once if it counted from then.
    await manager.reap(Date.now() + manager.o.terminalGraceMs - 1000);
    expect(t!.ended).toBeUndefined();
    expect(driver.endedShells).toEqual([]);
    manager.stop();
  });

  it("a terminal narrower than the spare's width ends the spare and starts its own shell at its size", async () => {
    const { driver, manager } = await warmManager();
    const sb = await manager.acquire("chloe");
    const t = await manager.terminal(sb.id, "volumes-1", { create: true, cols: SPARE_SIZE.cols - 1, rows: 20 });
    expect(t!.id).toBe("volumes-1");
    expect(driver.opened.at(-1)).toMatchObject({ sandboxId: sb.id, shell: "volumes-1", sizes: [{ cols: SPARE_SIZE.cols - 1, rows: 20 }] });
    expect(driver.endedShells).toEqual([`${sb.id}/${SPARE_SHELL}`]);
    expect(sparesOf(driver, sb.id)[0]!.stream.destroyed).toBe(true);
    expect(driver.aliases).toEqual([]);
    manager.stop();
  });

  it("a spare that ended or never started leaves the first terminal to start its own shell", async () => {
    const driver = new FakeDriver();
    const open = driver.openTerminal.bind(driver);
    let failSpare = true;
    driver.openTerminal = async (id, size, target) => {
      if ("shell" in target && target.shell === SPARE_SHELL && failSpare) throw new Error("exec refused");
      return open(id, size, target);
    };
    const manager = new SandboxManager(driver, log, { warmPool: 1, reapEveryMs: 60_000, poolRefillDelayMs: 60_000 });
    await manager.start();
    await until(() => manager.stats.warm === 1);
    // The next warm sandbox's spare starts (the pool refills at once when emptied), then exits before anyone comes.
    failSpare = false;
    const a = await manager.acquire("dina");
    expect((await manager.terminal(a.id, "a-1", { create: true, cols: 80, rows: 24 }))!.id).toBe("a-1");
    expect(driver.opened.filter((o) => o.sandboxId === a.id).map((o) => o.shell)).toEqual(["a-1"]);

    await until(() => manager.stats.warm === 1 && driver.opened.some((o) => o.shell === SPARE_SHELL));
    const spare = driver.opened.find((o) => o.shell === SPARE_SHELL)!;
    spare.exitCode = 0;
    spare.stream.end();
    await new Promise((r) => setTimeout(r, 20));
    const b = await manager.acquire("elias");
    expect(b.id).toBe(spare.sandboxId);
    await manager.terminal(b.id, "b-1", { create: true, cols: 80, rows: 24 });
    expect(driver.opened.at(-1)).toMatchObject({ sandboxId: b.id, shell: "b-1" });
    expect(driver.aliases).toEqual([]);
    manager.stop();
  });

  it("leaves with its sandbox: a stale warm sandbox's spare is closed when the sandbox is removed", async () => {
    const { driver, manager } = await warmManager();
    const spare = driver.opened[0]!;
    await manager.reap(Date.now() + manager.o.poolMaxAgeMs + 1000);
    expect(driver.destroyed).toContain(spare.sandboxId);
    await until(() => spare.stream.destroyed);
    manager.stop();
  });

  it("after a restart, the spare an earlier runner started is ended and started again (its prompt went to that runner)", async () => {
    const driver = new FakeDriver();
    const warm = await driver.create({ id: "w1", owner: null });
    driver.shells.set(warm.id, new Set([SPARE_SHELL]));
    const manager = new SandboxManager(driver, log, { warmPool: 1, reapEveryMs: 60_000 });
    await manager.start();
    await until(() => driver.opened.length === 1);
    expect(driver.endedShells).toEqual([`w1/${SPARE_SHELL}`]);
    expect(driver.opened[0]).toMatchObject({ sandboxId: "w1", shell: SPARE_SHELL });
    manager.stop();
    await until(() => driver.opened[0]!.stream.destroyed);
  });
});
