import pino from "pino";
import { describe, expect, it } from "vitest";
import { FakeDriver } from "../driver/fake-driver.js";
import { SandboxManager } from "./manager.js";

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
});
