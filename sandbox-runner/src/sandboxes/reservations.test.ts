import pino from "pino";
import { describe, expect, it } from "vitest";
import { FakeDriver } from "../driver/fake-driver.js";
import { SandboxManager } from "./manager.js";
import { MemoryStateStore } from "./state-file.js";

const log = pino({ level: "silent" });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error("condition never held");
};
const HOUR = 3600_000;

function setup(max: number, warmPool = 0) {
  const driver = new FakeDriver();
  const manager = new SandboxManager(driver, log, { warmPool, maxSandboxes: max, reapEveryMs: 60_000 });
  return { driver, manager };
}

describe("reservations (a workshop's seats)", () => {
  it("starts the warm ones ahead, hands them to the workshop's learners only", async () => {
    const { manager } = setup(5);
    await manager.start();
    expect(manager.reserve("atelier-a", { seats: 3, warm: 2, until: Date.now() + HOUR })).toMatchObject({ seats: 3, ready: 0 });
    await until(() => manager.reservationsList()[0]?.ready === 2);
    const member = await manager.acquire("alice", { reservation: "atelier-a" });
    expect(member.reservation).toBe("atelier-a");
    expect(manager.reservationsList()[0]).toMatchObject({ used: 1 });
    // Nobody else may take the workshop's seats: 5 places, 3 held, so 2 for the others.
    await manager.acquire("x");
    await manager.acquire("y");
    await expect(manager.acquire("z")).rejects.toMatchObject({ code: "capacity" });
    // …while its learners still get in, without queueing behind z.
    expect((await manager.acquire("bob", { reservation: "atelier-a" })).reservation).toBe("atelier-a");
    expect((await manager.acquire("carol", { reservation: "atelier-a" })).reservation).toBe("atelier-a");
    // A fourth learner of the workshop, with every seat taken, waits like everyone.
    await expect(manager.acquire("dan", { reservation: "atelier-a" })).rejects.toMatchObject({ code: "capacity" });
    expect(manager.stats.assigned).toBe(5);
    manager.stop();
  });

  it("refuses to promise more seats than the runner holds, in French", async () => {
    const { manager } = setup(10);
    await manager.start();
    manager.reserve("a", { seats: 6, warm: 0, until: Date.now() + HOUR });
    expect(() => manager.reserve("b", { seats: 5, warm: 0, until: Date.now() + HOUR })).toThrow(
      expect.objectContaining({ status: 409, messageFr: "Impossible de réserver 5 places : Quai en accueille 10 au plus, dont 6 déjà réservées (il en reste 4)." }),
    );
    expect(() => manager.reserve("a", { seats: 2, warm: 3, until: Date.now() + HOUR })).toThrow(expect.objectContaining({ status: 400 }));
    manager.stop();
  });

  it("gives everything back when released or past its end; learners keep their sandboxes", async () => {
    const { driver, manager } = setup(4);
    await manager.start();
    manager.reserve("atelier", { seats: 3, warm: 2, until: Date.now() + HOUR });
    await until(() => manager.reservationsList()[0]?.ready === 2);
    const member = await manager.acquire("alice", { reservation: "atelier" });
    await until(() => manager.reservationsList()[0]?.ready === 2);
    await expect(manager.acquire("x")).resolves.toBeTruthy(); // 4 - 3 held = 1 for the others
    await expect(manager.acquire("y")).rejects.toMatchObject({ code: "capacity" });
    await manager.release("atelier");
    expect(manager.reservationsList()).toEqual([]);
    expect(driver.destroyed).toHaveLength(2);
    expect(manager.get(member.id).owner).toBe("alice");
    await expect(manager.acquire("y")).resolves.toBeTruthy();
    manager.reserve("court", { seats: 1, warm: 1, until: Date.now() + 50 });
    await new Promise((r) => setTimeout(r, 60));
    await manager.reap();
    expect(manager.reservationsList()).toEqual([]);
    manager.stop();
  });

  it("gives the workshop's learners its sandbox lifetime, and a trainer may extend one", async () => {
    const { manager } = setup(3);
    await manager.start();
    manager.reserve("atelier-b", { seats: 2, warm: 0, until: Date.now() + HOUR, lifetimeMs: 45 * 60_000 });
    const member = await manager.acquire("alice", { reservation: "atelier-b" });
    expect(member.expiresAt - member.createdAt).toBe(45 * 60_000);
    const other = await manager.acquire("bob");
    expect(other.expiresAt - other.createdAt).toBe(120 * 60_000);
    const before = member.expiresAt;
    expect(manager.extend(member.id, 15 * 60_000).expiresAt).toBe(before + 15 * 60_000);
    // Never further than a day from now, however often it is extended.
    for (let i = 0; i < 30; i++) manager.extend(member.id, 4 * HOUR);
    expect(member.expiresAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    manager.stop();
  });

  it("after a restart, an adopted learner's sandbox takes its seat again, with the workshop's lifetime", async () => {
    const { driver, manager } = setup(4);
    await manager.start();
    const lifetimeMs = 4 * HOUR;
    manager.reserve("atelier", { seats: 2, warm: 0, until: Date.now() + 8 * HOUR, lifetimeMs });
    const before = await manager.acquire("alice", { reservation: "atelier" });
    manager.stop();
    // A new runner on the same engine (a crash, an upgrade): the sandbox is adopted; the site puts the reservation back.
    const after = new SandboxManager(driver, log, { warmPool: 0, maxSandboxes: 4, reapEveryMs: 60_000, ttlMs: HOUR });
    await after.start();
    after.reserve("atelier", { seats: 2, warm: 0, until: Date.now() + 8 * HOUR, lifetimeMs });
    expect(after.reservationsList()[0]).toMatchObject({ used: 0 });
    // Alice's seat counts twice until she comes back: 4 places, 1 running + 2 held, so 1 for the others.
    const adopted = await after.acquire("alice", { reservation: "atelier" });
    expect(adopted.id).toBe(before.id);
    expect(adopted.reservation).toBe("atelier");
    expect(adopted.expiresAt).toBe(adopted.createdAt + lifetimeMs);
    expect(after.reservationsList()[0]).toMatchObject({ used: 1 });
    // Now 4 places, 1 running with its seat + 1 seat held: 2 for the others.
    await after.acquire("x");
    await after.acquire("y");
    await expect(after.acquire("z")).rejects.toMatchObject({ code: "capacity" });
    after.stop();
  });

  describe("across a restart, from the saved state", () => {
    function restart(driver: FakeDriver, store: MemoryStateStore, max = 6) {
      return new SandboxManager(driver, log, { warmPool: 0, maxSandboxes: max, reapEveryMs: 60_000, ttlMs: HOUR }, store);
    }

    it("keeps extensions, workshop lifetimes, seats and warm sandboxes before any learner asks", async () => {
      const driver = new FakeDriver();
      const store = new MemoryStateStore();
      const before = new SandboxManager(driver, log, { warmPool: 0, maxSandboxes: 6, reapEveryMs: 60_000, ttlMs: HOUR }, store);
      await before.start();
      const lifetimeMs = 4 * HOUR;
      before.reserve("atelier", { seats: 3, warm: 2, until: Date.now() + 8 * HOUR, lifetimeMs });
      await until(() => before.reservationsList()[0]?.ready === 2);
      const alice = await before.acquire("alice", { reservation: "atelier" });
      await until(() => before.reservationsList()[0]?.ready === 2);
      const bob = await before.acquire("bob");
      before.extend(bob.id, 30 * 60_000);
      before.extend(alice.id, 15 * 60_000);
      await before.flush();
      before.stop();
      const containers = [...driver.records.keys()].sort();

      const after = restart(driver, store);
      await after.start();
      expect(after.reservationsList()).toEqual([{ key: "atelier", seats: 3, warm: 2, until: expect.any(Number), ready: 2, used: 1 }]);
      expect(after.get(alice.id)).toMatchObject({ owner: "alice", reservation: "atelier", expiresAt: alice.createdAt + lifetimeMs + 15 * 60_000 });
      expect(after.get(bob.id)).toMatchObject({ owner: "bob", expiresAt: bob.createdAt + HOUR + 30 * 60_000 });
      expect(after.get(bob.id).reservation).toBeUndefined();
      // The workshop's warm ones are its own again (not the runner's pool), and none was made twice.
      expect(after.stats).toMatchObject({ warm: 0, assigned: 2 });
      await new Promise((r) => setTimeout(r, 20));
      expect([...driver.records.keys()].sort()).toEqual(containers);
      // 6 places: alice (her seat) and bob running, the workshop's 2 other seats warm: 2 for the others.
      await after.acquire("x");
      await after.acquire("y");
      await expect(after.acquire("z")).rejects.toMatchObject({ code: "capacity" });
      // A workshop's learner takes a warm one of its own.
      expect((await after.acquire("carol", { reservation: "atelier" })).id).toSatisfy((id: string) => containers.includes(id));
      after.stop();
    });

    it("forgets sandboxes that are gone and reservations that ended, and keeps what changed since", async () => {
      const driver = new FakeDriver();
      const store = new MemoryStateStore();
      const before = restart(driver, store);
      await before.start();
      before.reserve("court", { seats: 1, warm: 0, until: Date.now() + 40 });
      const gone = await before.acquire("dan");
      await before.destroy(gone.id);
      const kept = await before.acquire("eve");
      await before.flush();
      before.stop();
      expect(store.saved.sandboxes.map((s) => s.owner)).toEqual(["eve"]);
      await new Promise((r) => setTimeout(r, 50));
      const after = restart(driver, store);
      await after.start();
      expect(after.reservationsList()).toEqual([]);
      expect(after.get(kept.id).owner).toBe("eve");
      await after.flush();
      expect(store.saved.reservations).toEqual([]);
      after.stop();
    });

    it("does not restore a reservation the lowered maximum cannot hold; its learners keep their sandboxes", async () => {
      const driver = new FakeDriver();
      const store = new MemoryStateStore();
      const before = restart(driver, store, 10);
      await before.start();
      before.reserve("grand", { seats: 8, warm: 0, until: Date.now() + HOUR, lifetimeMs: 3 * HOUR });
      const member = await before.acquire("alice", { reservation: "grand" });
      await before.flush();
      before.stop();
      const after = restart(driver, store, 5);
      await after.start();
      expect(after.reservationsList()).toEqual([]);
      // Her end is the one she had; she holds no seat of a reservation that is not there.
      expect(after.get(member.id)).toMatchObject({ owner: "alice", expiresAt: member.createdAt + 3 * HOUR });
      expect(after.get(member.id).reservation).toBeUndefined();
      after.stop();
    });

    it("drops a warm sandbox of a workshop that dies, and makes another", async () => {
      const driver = new FakeDriver();
      const store = new MemoryStateStore();
      const manager = restart(driver, store);
      await manager.start();
      manager.reserve("atelier", { seats: 2, warm: 1, until: Date.now() + HOUR });
      await until(() => manager.reservationsList()[0]?.ready === 1);
      const [dead] = store.saved.reservations[0]!.warmIds;
      driver.kill(dead!);
      await until(() => manager.reservationsList()[0]?.ready === 1 && store.saved.reservations[0]?.warmIds[0] !== dead);
      expect(driver.records.has(dead!)).toBe(false);
      manager.stop();
    });
  });
});
