import pino from "pino";
import { describe, expect, it } from "vitest";
import { FakeDriver } from "../driver/fake-driver.js";
import { SandboxManager, type GoneReason, type Sandbox } from "./manager.js";

const log = pino({ level: "silent" });
const HOUR = 3600_000;

function setup(options: ConstructorParameters<typeof SandboxManager>[2] = {}) {
  const driver = new FakeDriver();
  const manager = new SandboxManager(driver, log, { warmPool: 0, reapEveryMs: 60_000, idleMs: HOUR, ttlMs: 2 * HOUR, ...options });
  const gone: Array<[string, GoneReason]> = [];
  manager.on("gone", (sb: Sandbox, reason: GoneReason) => gone.push([sb.id, reason]));
  return { driver, manager, gone };
}

describe("sleeping sandboxes", () => {
  it("an idle sandbox sleeps, then wakes for its owner with the same disk", async () => {
    const { driver, manager, gone } = setup();
    await manager.start();
    const sb = await manager.acquire("alice");
    await manager.reap(Date.now() + HOUR + 1000);
    expect(driver.slept).toEqual([sb.id]);
    expect(driver.destroyed).toEqual([]);
    expect(gone).toEqual([[sb.id, "asleep"]]);
    expect(manager.stats).toMatchObject({ assigned: 0, sleeping: 1 });
    const again = await manager.acquire("alice");
    expect(again.id).toBe(sb.id);
    expect(again.woke).toBe(true);
    expect(manager.stats).toMatchObject({ assigned: 1, sleeping: 0 });
    manager.stop();
  });

  it("destroyOwned ends an owner's running and sleeping sandboxes, and nothing of theirs wakes after", async () => {
    const { driver, manager } = setup();
    await manager.start();
    const asleep = await manager.acquire("alice");
    await manager.reap(Date.now() + HOUR + 1000);
    const running = await manager.acquire("bob");
    expect(await manager.destroyOwned("alice")).toBe(1);
    expect(await manager.destroyOwned("bob")).toBe(1);
    expect(await manager.destroyOwned("carol")).toBe(0);
    expect(driver.destroyed.sort()).toEqual([asleep.id, running.id].sort());
    expect(manager.stats).toMatchObject({ assigned: 0, sleeping: 0 });
    const fresh = await manager.acquire("alice");
    expect(fresh.id).not.toBe(asleep.id);
    expect(fresh.woke).toBeFalsy();
    manager.stop();
  });

  it("an expired sandbox sleeps too, and another learner never gets it", async () => {
    const { driver, manager } = setup();
    await manager.start();
    const sb = await manager.acquire("alice");
    await manager.reap(Date.now() + 2 * HOUR + 1000);
    expect(driver.slept).toEqual([sb.id]);
    const bob = await manager.acquire("bob");
    expect(bob.id).not.toBe(sb.id);
    expect(bob.woke).toBe(false);
    manager.stop();
  });

  it("a sandbox that will not wake is destroyed and replaced by a fresh one", async () => {
    const { driver, manager } = setup();
    await manager.start();
    const sb = await manager.acquire("alice");
    await manager.sleep(sb.id);
    driver.failWake = true;
    const fresh = await manager.acquire("alice");
    expect(fresh.id).not.toBe(sb.id);
    expect(fresh.woke).toBe(false);
    expect(driver.destroyed).toContain(sb.id);
    manager.stop();
  });

  it("without sleep (0 days) an idle sandbox is destroyed as before", async () => {
    const { driver, manager } = setup({ sleepMs: 0 });
    await manager.start();
    const sb = await manager.acquire("alice");
    await manager.reap(Date.now() + HOUR + 1000);
    expect(driver.destroyed).toEqual([sb.id]);
    expect(driver.slept).toEqual([]);
    manager.stop();
  });

  it("sleepers are destroyed after sleepMs, and the oldest first past the disk budget", async () => {
    const { driver, manager } = setup({ sleepMs: 24 * HOUR, sleepBudgetBytes: 5e9 });
    await manager.start();
    const ids: string[] = [];
    for (const owner of ["a", "b", "c"]) {
      const sb = await manager.acquire(owner);
      ids.push(sb.id);
      await manager.sleep(sb.id);
      driver.usage.set(sb.id, 2e9);
      await new Promise((r) => setTimeout(r, 5));
    }
    // 6 GB asleep for a 5 GB budget: the oldest (a) goes.
    await manager.reap(Date.now());
    expect(driver.destroyed).toEqual([ids[0]]);
    expect(manager.sleeperOf("b")?.id).toBe(ids[1]);
    // A day later the others go too.
    await manager.reap(Date.now() + 25 * HOUR);
    expect(driver.destroyed.sort()).toEqual([...ids].sort());
    expect(manager.stats.sleeping).toBe(0);
    manager.stop();
  });

  it("a restarted runner finds its sleepers again, and removes stopped warm sandboxes", async () => {
    const { driver, manager } = setup();
    await manager.start();
    const sb = await manager.acquire("alice");
    await manager.sleep(sb.id);
    driver.records.set("feedfeedfeed", { id: "feedfeedfeed", owner: null, createdAt: Date.now(), running: false, ip: null, stoppedAt: Date.now() });
    manager.stop();
    const next = new SandboxManager(driver, log, { warmPool: 0, reapEveryMs: 60_000 });
    await next.start();
    expect(next.sleeperOf("alice")?.id).toBe(sb.id);
    expect(driver.destroyed).toEqual(["feedfeedfeed"]);
    expect((await next.acquire("alice")).woke).toBe(true);
    next.stop();
  });

  it("a sandbox killed from outside sleeps: its owner's work comes back", async () => {
    const { driver, manager, gone } = setup();
    await manager.start();
    const sb = await manager.acquire("alice");
    driver.kill(sb.id);
    await new Promise((r) => setTimeout(r, 10));
    expect(gone).toEqual([[sb.id, "asleep"]]);
    expect((await manager.acquire("alice")).id).toBe(sb.id);
    manager.stop();
  });
});
