import pino from "pino";
import { describe, expect, it } from "vitest";
import { FakeDriver } from "../driver/fake-driver.js";
import { SandboxManager } from "./manager.js";

const log = pino({ level: "silent" });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error("condition never held");
};

/** Counts the driver's create calls, failed ones included. */
function countCreates(driver: FakeDriver): { count: number } {
  const calls = { count: 0 };
  const create = driver.create.bind(driver);
  driver.create = async (spec) => {
    calls.count++;
    return create(spec);
  };
  return calls;
}

function setup(options: ConstructorParameters<typeof SandboxManager>[2] = {}) {
  const driver = new FakeDriver();
  // No refill delay unless a test is about it (its own test below).
  const manager = new SandboxManager(driver, log, { warmPool: 0, reapEveryMs: 60_000, poolRefillDelayMs: 0, ...options });
  return { driver, manager };
}

describe("SandboxManager", () => {
  it("gives each learner one sandbox, even when asked twice at once", async () => {
    const { driver, manager } = setup();
    driver.createDelayMs = 20;
    await manager.start();
    const [a, b] = await Promise.all([manager.acquire("alice"), manager.acquire("alice")]);
    expect(a.id).toBe(b.id);
    expect(driver.records.size).toBe(1);
    manager.stop();
  });

  it("tells a learner's current sandbox without ever creating one", async () => {
    const { driver, manager } = setup();
    driver.createDelayMs = 20;
    await manager.start();
    expect(await manager.current("carol")).toBeUndefined();
    expect(driver.records.size).toBe(0);
    // One being handed out counts: the answer waits for it.
    const acquiring = manager.acquire("carol");
    const current = await manager.current("carol");
    expect(current?.id).toBe((await acquiring).id);
    await manager.destroy(current!.id);
    expect(await manager.current("carol")).toBeUndefined();
    expect(driver.records.size).toBe(0);
    manager.stop();
  });

  it("hands out warm sandboxes and refills the pool", async () => {
    const { driver, manager } = setup({ warmPool: 2 });
    await manager.start();
    await until(() => manager.stats.warm === 2);
    const sb = await manager.acquire("bob");
    expect(driver.records.get(sb.id)?.owner).toBe("bob");
    await until(() => manager.stats.warm === 2);
    expect(driver.records.size).toBe(3);
    manager.stop();
  });

  it("waits poolRefillDelayMs after a handout before starting the replacement, while the pool still holds one; a later handout does not push it back", async () => {
    const { driver, manager } = setup({ warmPool: 3, poolRefillDelayMs: 300 });
    await manager.start();
    await until(() => manager.stats.warm === 3);
    const handedAt = Date.now();
    await manager.acquire("ann");
    await new Promise((r) => setTimeout(r, 150));
    await manager.acquire("ben"); // inside the first delay: the replacements still start at handedAt + 300
    expect(manager.stats.warm).toBe(1);
    expect(driver.records.size).toBe(3); // nothing started yet
    await until(() => manager.stats.warm === 3);
    expect(Date.now() - handedAt).toBeGreaterThanOrEqual(300);
    expect(Date.now() - handedAt).toBeLessThan(900);
    expect(driver.records.size).toBe(5);
    manager.stop();
  });

  it("refills an emptied pool at once, delay or not: the next learner of a class arriving must not start cold", async () => {
    const { driver, manager } = setup({ warmPool: 1, poolRefillDelayMs: 60_000 });
    await manager.start();
    await until(() => manager.stats.warm === 1);
    await manager.acquire("ann");
    await until(() => manager.stats.warm === 1);
    expect(driver.records.size).toBe(2);
    manager.stop();
  });

  it("with noStart, hands a warm sandbox or the learner's own, and otherwise refuses (would_start) without starting anything", async () => {
    const { driver, manager } = setup({ warmPool: 1, poolRefillDelayMs: 200 });
    const creates = countCreates(driver);
    await manager.start();
    await until(() => manager.stats.warm === 1);
    const warmAt = creates.count;
    const sb = await manager.acquire("ann", { noStart: true });
    expect(driver.records.get(sb.id)?.owner).toBe("ann");
    expect((await manager.acquire("ann", { noStart: true })).id).toBe(sb.id);
    // The pool is empty, but the page that took the last one is loading: no network made for 200 ms.
    await new Promise((r) => setTimeout(r, 100));
    expect(creates.count).toBe(warmAt);
    await expect(manager.acquire("ben", { noStart: true })).rejects.toMatchObject({ code: "would_start", status: 409 });
    expect(creates.count).toBe(warmAt);
    await until(() => manager.stats.warm === 1);
    manager.stop();
  });

  it("a plain acquire that meets a noStart one under way for the same learner starts the sandbox when that one could not", async () => {
    const { driver, manager } = setup({ warmPool: 0 });
    driver.createDelayMs = 10;
    await manager.start();
    const early = manager.acquire("cid", { noStart: true });
    const plain = manager.acquire("cid");
    await expect(early).rejects.toMatchObject({ code: "would_start" });
    const sb = await plain;
    expect(driver.records.get(sb.id)?.owner).toBe("cid");
    manager.stop();
  });

  it("gives the page's first terminal its shell with the sandbox, once, at the page's size", async () => {
    const { driver, manager } = setup({ warmPool: 1 });
    await manager.start();
    await until(() => manager.stats.warm === 1);
    const sb = await manager.acquire("dee", { noStart: true });
    manager.openFirstTerminal(sb.id, { id: "premiers-pas-1", cols: 90, rows: 30 });
    manager.openFirstTerminal(sb.id, { id: "premiers-pas-1", cols: 90, rows: 30 });
    // The page's socket, a moment later, joins that shell instead of starting another.
    const t = await manager.terminal(sb.id, "premiers-pas-1", { create: true, cols: 80, rows: 24 });
    expect(t).not.toBeNull();
    expect(await manager.terminal(sb.id, "premiers-pas-1", { create: false, cols: 80, rows: 24 })).toBe(t);
    // That shell is the one the warm sandbox started ahead (spare-shells.ts), at the page's size now;
    // the other is the spare of the warm sandbox that refilled the pool.
    const shells = driver.opened.filter((o) => o.shell !== undefined);
    expect(shells.map((o) => [o.sandboxId === sb.id, o.shell])).toEqual([
      [true, "quai-spare"],
      [false, "quai-spare"],
    ]);
    expect(shells[0]!.sizes.at(-1)).toEqual({ cols: 90, rows: 30 });
    expect(t!.id).toBe("premiers-pas-1");
    await until(() => driver.aliases.length === 1);
    expect(driver.aliases).toEqual([`${sb.id}/quai-spare=premiers-pas-1`]);
    manager.stop();
  });

  it("does not retry a failing warm creation in a tight loop: it waits, longer each time, and refills once the engine is back", async () => {
    const { driver, manager } = setup({ warmPool: 1 });
    const creates = countCreates(driver);
    driver.failCreate = true;
    await manager.start();
    await new Promise((r) => setTimeout(r, 2_500));
    // At 0 s, 1 s and 3 s (1 s, then 2 s, between tries), not hundreds of times.
    expect(creates.count).toBe(2);
    driver.failCreate = false;
    for (let i = 0; i < 60 && manager.stats.warm < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(manager.stats.warm).toBe(1);
    expect(creates.count).toBe(3);
    manager.stop();
  });

  it("backs off the same way when a workshop's reserved warm sandbox cannot be created", async () => {
    const { driver, manager } = setup({ warmPool: 0 });
    const creates = countCreates(driver);
    driver.failCreate = true;
    await manager.start();
    manager.reserve("atelier", { seats: 2, warm: 1, until: Date.now() + 3600_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(creates.count).toBe(1); // the next try waits 1 s
    manager.stop();
  });

  it("refuses with a French message and a place in line once the maximum is reached", async () => {
    const { manager } = setup({ maxSandboxes: 1 });
    await manager.start();
    await manager.acquire("a");
    await expect(manager.acquire("b")).rejects.toMatchObject({
      status: 503,
      messageFr: expect.stringContaining("Quai est complet pour le moment : vous êtes n° 1 dans la file d'attente"),
      extra: { queue: { position: 1, waiting: 1 } },
    });
    manager.stop();
  });

  it("lets those who waited in, in arrival order, and never past the maximum", async () => {
    const { manager, driver } = setup({ maxSandboxes: 2, warmPool: 1 });
    await manager.start();
    await until(() => manager.stats.warm === 1);
    const a = await manager.acquire("a");
    await until(() => manager.stats.warm === 1);
    expect((await manager.acquire("c")).owner).toBe("c"); // the warm one, nobody waiting
    await expect(manager.acquire("d")).rejects.toMatchObject({ extra: { queue: { position: 1, waiting: 1 } } });
    await expect(manager.acquire("e")).rejects.toMatchObject({ extra: { queue: { position: 2, waiting: 2 } } });
    await expect(manager.acquire("e")).rejects.toMatchObject({ extra: { queue: { position: 2 } } });
    await manager.destroy(a.id);
    // One place: d's, however often e asks.
    await expect(manager.acquire("e")).rejects.toMatchObject({ extra: { queue: { position: 2 } } });
    expect((await manager.acquire("d")).owner).toBe("d");
    await expect(manager.acquire("e")).rejects.toMatchObject({ extra: { queue: { position: 1, waiting: 1 } } });
    expect(manager.stats).toMatchObject({ assigned: 2, warm: 0, waiting: 1 });
    expect(driver.records.size).toBe(2);
    manager.stop();
  });

  it("starts at most maxColdStarts sandboxes at once; the next learner waits in line and gets in after", async () => {
    const { driver, manager } = setup({ maxColdStarts: 2 });
    driver.createDelayMs = 30;
    await manager.start();
    const a = manager.acquire("a");
    const b = manager.acquire("b");
    await expect(manager.acquire("c")).rejects.toMatchObject({ code: "capacity", status: 503, extra: { queue: { position: 1, waiting: 1 } } });
    expect((await a).owner).toBe("a");
    expect((await b).owner).toBe("b");
    // Both starts are done: c's turn, first in line.
    expect((await manager.acquire("c")).owner).toBe("c");
    expect(manager.stats).toMatchObject({ assigned: 3, waiting: 0 });
    manager.stop();
  });

  it("starts nothing from nothing while the host is past its load limit: the learner waits in line, told why, and gets in once it drops", async () => {
    let load = 9;
    const { manager } = setup({ maxLoadPerCore: 4, hostLoad: () => load });
    await manager.start();
    await expect(manager.acquire("a")).rejects.toMatchObject({
      code: "capacity",
      status: 503,
      messageFr: expect.stringContaining("La machine est très occupée pour le moment : vous êtes n° 1"),
      extra: { queue: { position: 1, waiting: 1 } },
    });
    await expect(manager.acquire("b")).rejects.toMatchObject({ extra: { queue: { position: 2, waiting: 2 } } });
    load = 3.5;
    expect((await manager.acquire("a")).owner).toBe("a");
    expect((await manager.acquire("b")).owner).toBe("b");
    expect(manager.stats).toMatchObject({ assigned: 2, waiting: 0 });
    manager.stop();
  });

  it("still hands out a warm sandbox while the host is busy (it needs no start), and does not refill the pool then", async () => {
    let load = 0;
    const { driver, manager } = setup({ warmPool: 1, maxLoadPerCore: 4, hostLoad: () => load });
    await manager.start();
    await until(() => manager.stats.warm === 1);
    load = 20;
    expect((await manager.acquire("a")).owner).toBe("a");
    await expect(manager.acquire("b")).rejects.toMatchObject({ code: "capacity", messageFr: expect.stringContaining("très occupée") });
    await new Promise((r) => setTimeout(r, 30));
    expect(driver.records.size).toBe(1);
    manager.stop();
  });

  it("keeps the places of those in line, but one who never comes back does not lock the door", async () => {
    const { driver, manager } = setup({ maxColdStarts: 2 });
    driver.createDelayMs = 30;
    await manager.start();
    const a = manager.acquire("a");
    const b = manager.acquire("b");
    await expect(manager.acquire("c")).rejects.toMatchObject({ extra: { queue: { position: 1, waiting: 1 } } });
    await a;
    // One start free, c waits for it: a newcomer goes behind c.
    await expect(manager.acquire("d")).rejects.toMatchObject({ extra: { queue: { position: 2, waiting: 2 } } });
    await b;
    // Two starts free for c and d; e, new, waits behind them.
    await expect(manager.acquire("e")).rejects.toMatchObject({ extra: { queue: { position: 3, waiting: 3 } } });
    expect((await manager.acquire("d")).owner).toBe("d");
    expect((await manager.acquire("e")).owner).toBe("e");
    // c never came back: with room for c and one more, f gets in.
    expect((await manager.acquire("f")).owner).toBe("f");
    expect(manager.stats).toMatchObject({ assigned: 5, waiting: 1 });
    manager.stop();
  });

  it("adopts assigned and warm sandboxes after a restart and removes stopped ones", async () => {
    const { driver } = setup();
    driver.records.set("aaaaaaaaaaaa", { id: "aaaaaaaaaaaa", owner: "carol", createdAt: Date.now(), running: true, ip: null });
    driver.records.set("bbbbbbbbbbbb", { id: "bbbbbbbbbbbb", owner: null, createdAt: Date.now(), running: true, ip: null });
    driver.records.set("cccccccccccc", { id: "cccccccccccc", owner: "dave", createdAt: Date.now(), running: false, ip: null });
    const manager = new SandboxManager(driver, log, { warmPool: 1, reapEveryMs: 60_000 });
    expect(await manager.start()).toEqual({ adopted: 2, removed: 1 });
    expect((await manager.acquire("carol")).id).toBe("aaaaaaaaaaaa");
    expect(driver.destroyed).toEqual(["cccccccccccc"]);
    manager.stop();
  });

  it("without sleep, ends expired and idle sandboxes, and forgets ones killed from outside", async () => {
    const { driver, manager } = setup({ ttlMs: 60_000, idleMs: 500, sleepMs: 0 });
    await manager.start();
    const gone: string[] = [];
    manager.on("gone", (_sb, reason: string) => gone.push(reason));
    const old = await manager.acquire("erin");
    const idle = await manager.acquire("frank");
    manager.get(idle.id).lastActivity = Date.now() - 600;
    manager.get(old.id).expiresAt = Date.now() - 1;
    await manager.reap();
    expect(gone.sort()).toEqual(["expired", "idle"]);
    const killed = await manager.acquire("gina");
    driver.kill(killed.id);
    expect(() => manager.get(killed.id)).toThrow(`sandbox ${killed.id} not found`);
    expect(gone).toContain("killed");
    expect((await manager.acquire("gina")).id).not.toBe(killed.id);
    manager.stop();
  });

  it("retries a removal that failed instead of leaking the sandbox", async () => {
    const { driver, manager } = setup();
    await manager.start();
    const sb = await manager.acquire("hugo");
    const realDestroy = driver.destroy.bind(driver);
    driver.destroy = async () => {
      throw new Error("did not receive an exit event");
    };
    await expect(manager.destroy(sb.id)).rejects.toThrow("did not receive an exit event");
    driver.destroy = realDestroy;
    await manager.reap();
    expect(driver.destroyed).toEqual([sb.id]);
    manager.stop();
  });

  describe("the reaper and the warm pool", () => {
    const minute = 60_000;
    /** A pool of two stale entries then one fresh, as adopted after a restart; removals take 20 ms. */
    async function stalePool() {
      const driver = new FakeDriver();
      const now = Date.now();
      for (const [id, age] of [["aaaaaaaaaaa1", 14], ["aaaaaaaaaaa2", 14], ["aaaaaaaaaaa3", 1]] as const) {
        driver.records.set(id, { id, owner: null, createdAt: now - age * minute, running: true, ip: null });
      }
      const realDestroy = driver.destroy.bind(driver);
      driver.destroy = async (id) => {
        await new Promise((r) => setTimeout(r, 20));
        await realDestroy(id);
      };
      const manager = new SandboxManager(driver, log, { warmPool: 3, poolMaxAgeMs: 15 * minute, reapEveryMs: 60_000, poolRefillDelayMs: 0 });
      await manager.start();
      // Two minutes later the first two are past the pool's maximum age.
      return { driver, manager, later: now + 2 * minute };
    }

    it("hands a learner who arrives during a reap a fresh entry, and neither drops nor destroys a healthy one", async () => {
      const { driver, manager, later } = await stalePool();
      const reaping = manager.reap(later);
      const sb = await manager.acquire("ines");
      await reaping;
      expect(sb.id).toBe("aaaaaaaaaaa3");
      expect(driver.destroyed.sort()).toEqual(["aaaaaaaaaaa1", "aaaaaaaaaaa2"]);
      expect(driver.records.get(sb.id)?.owner).toBe("ines");
      expect(manager.get(sb.id).owner).toBe("ines");
      // Every container the engine still runs is the learner's or in the pool: nothing leaked.
      await until(() => manager.stats.warm === 3);
      expect(driver.records.size).toBe(manager.stats.assigned + manager.stats.warm);
      manager.stop();
    });

    it("runs one reap at a time: overlapping calls remove each stale entry once", async () => {
      const { driver, manager, later } = await stalePool();
      await Promise.all([manager.reap(later), manager.reap(later)]);
      expect(driver.destroyed.sort()).toEqual(["aaaaaaaaaaa1", "aaaaaaaaaaa2"]);
      expect(driver.records.has("aaaaaaaaaaa3")).toBe(true);
      expect((await manager.acquire("jules")).id).toBe("aaaaaaaaaaa3");
      manager.stop();
    });
  });

  it("rejects contradictory options with an exact message", () => {
    expect(() => new SandboxManager(new FakeDriver(), log, { warmPool: 5, maxSandboxes: 5 })).toThrow("warmPool must be smaller than maxSandboxes");
  });

  it("re-attaches shells that outlived the previous runner, and ends those nobody comes back to", async () => {
    const { driver } = setup();
    driver.records.set("sb1", { id: "sb1", owner: "dana", createdAt: Date.now(), running: true, ip: "10.0.0.3" });
    driver.shells.set("sb1", new Set(["main", "other"]));
    const manager = new SandboxManager(driver, log, { warmPool: 0, reapEveryMs: 60_000, terminalGraceMs: 1000 });
    await manager.start();
    expect([...manager.get("sb1").survivors.keys()].sort()).toEqual(["main", "other"]);
    // A read-only viewer may re-attach a survivor (it could not start a shell).
    const t = await manager.terminal("sb1", "main", { create: false, cols: 80, rows: 24, offset: 1234 });
    expect(t).not.toBeNull();
    expect(driver.opened.at(-1)).toMatchObject({ sandboxId: "sb1", shell: "main" });
    expect(t!.buffer.end).toBe(1234);
    expect(manager.get("sb1").survivors.has("main")).toBe(false);
    expect(await manager.terminal("sb1", "new", { create: false, cols: 80, rows: 24 })).toBeNull();
    // Past the grace period: the unclaimed survivor ends; the attached one (with a viewer) stays.
    t!.attach({ send: () => undefined, close: () => undefined }, { from: 1234, readOnly: false });
    await manager.reap(Date.now() + 5000);
    expect(driver.endedShells).toEqual(["sb1/other"]);
    expect(manager.get("sb1").survivors.size).toBe(0);
    manager.stop();
    // Stopping lets go of the shells without ending them: the next runner finds them.
    expect(driver.endedShells).toEqual(["sb1/other"]);
  });

  it("ends an abandoned shell in the sandbox, not only its stream", async () => {
    const { driver, manager } = setup({ terminalGraceMs: 1000 });
    await manager.start();
    const { id } = await manager.acquire("erin");
    const t = await manager.terminal(id, "main", { create: true, cols: 80, rows: 24 });
    expect(t).not.toBeNull();
    await manager.reap(Date.now() + 5000);
    expect(driver.endedShells).toEqual([`${id}/main`]);
    expect(manager.get(id).terminals.size).toBe(0);
    manager.stop();
  });
});
