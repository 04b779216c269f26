import type { IncomingMessage } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { WorkbenchRunnerClient } from "../app/_lib/runner-client";
import { openDatabase } from "../app/_lib/progress/db";
import type { Database } from "../app/_lib/progress/db";
import { WorkshopStore } from "../app/_lib/workshops/store";
import { sealTrainerSession, TRAINER_COOKIE } from "../app/_lib/workshops/trainer-session";
import { TrainerAccounts } from "../app/_lib/workshops/trainers";
import { CONTROL_GRACE_MS, workshopLive } from "../app/_lib/workshops/live";
import { createSpectatorGate, SPECTATOR_PATH } from "./spectators";

const KEY = "s".repeat(43);
const LEARNER = "a".repeat(32);
const STRANGER = "f".repeat(32);
let dir: string;
let db: Database;
let store: WorkshopStore;
let workshopId: string;
const issued: string[] = [];
const runner = {
  async sandboxOf(owner: string) {
    return owner === LEARNER ? { id: "0123456789ab", owner, createdAt: 0, expiresAt: 0, terminals: ["premiers-pas-1"] } : null;
  },
  async token(id: string, role: string) {
    issued.push(`${id}:${role}`);
    return { sandbox: { id, owner: LEARNER, createdAt: 0, expiresAt: 0, terminals: [] }, token: `${role}-token`, tokenExpiresAt: 0 };
  },
} as unknown as WorkbenchRunnerClient;
const accounts = new TrainerAccounts([
  { name: "admin", password: "mot-de-passe-admin", admin: true },
  { name: "camille", password: "mot-de-passe-camille", admin: false },
  { name: "dominique", password: "mot-de-passe-dominique", admin: false },
]);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-spectators-"));
  db = await openDatabase({ sqlite: path.join(dir, "quai.sqlite") });
  store = new WorkshopStore(db);
  const w = await store.create("camille", { title: "A", chapters: ["premiers-pas"], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), capacity: 5, sandboxMinutes: 60 });
  workshopId = w.id;
  await store.join(w, LEARNER, "Alice");
  await store.join(w, "b".repeat(32), "Bruno");
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const gate = () => createSpectatorGate({ config: { trustProxy: false }, sessionKey: () => KEY, accounts: () => accounts, store: () => store, runner: () => runner });

async function ask(opts: { trainer?: string; origin?: string; learner?: string; terminal?: string; workshop?: string; cookie?: string }) {
  const cookie = opts.cookie ?? (opts.trainer ? `${TRAINER_COOKIE}=${await sealTrainerSession({ name: opts.trainer, admin: opts.trainer === "admin" }, KEY)}` : "");
  const pathname = `/ws/formateur/ateliers/${opts.workshop ?? workshopId}/apprenants/${opts.learner ?? LEARNER}/terminaux/${opts.terminal ?? "premiers-pas-1"}`;
  const url = new URL(`http://site${pathname}?offset=0&cols=80&rows=24&token=forged`);
  const match = SPECTATOR_PATH.exec(url.pathname);
  if (!match) throw new Error(`no match for ${pathname}`);
  const req = { headers: { host: "localhost:3000", origin: opts.origin ?? "http://localhost:3000", cookie } } as unknown as IncomingMessage;
  return gate().authorize(req, match, url);
}

describe("spectator sockets, authorised on the upgrade", () => {
  it("refuses another site, a learner, another trainer and a stranger to the workshop", async () => {
    expect(await ask({ trainer: "camille", origin: "http://evil.example" })).toMatchObject({ status: 403, body: expect.stringContaining("forbidden_origin") });
    expect(await ask({})).toMatchObject({ status: 403, body: expect.stringContaining("trainers_only") });
    expect(await ask({ cookie: `${TRAINER_COOKIE}=forged; quai_learner=x` })).toMatchObject({ status: 403 });
    expect(await ask({ trainer: "dominique" })).toMatchObject({ status: 403, body: expect.stringContaining("not_your_workshop") });
    expect(await ask({ trainer: "camille", learner: STRANGER })).toMatchObject({ status: 403, body: expect.stringContaining("not_in_workshop") });
    expect(await ask({ trainer: "camille", learner: "b".repeat(32) })).toMatchObject({ status: 404, body: expect.stringContaining("no_sandbox") });
    expect(await ask({ trainer: "camille", terminal: "autre-1" })).toMatchObject({ status: 404, body: expect.stringContaining("no_terminal") });
    expect(await ask({ trainer: "camille", workshop: "w-zzzzzzzzzzzz" })).toMatchObject({ status: 404 });
    expect(issued).toEqual([]);
  });

  it("gives the workshop's trainer (or the admin) a viewer token, never the client's, and tells the learner while it lasts", async () => {
    for (const trainer of ["camille", "admin"]) {
      const grant = await ask({ trainer });
      if ("status" in grant) throw new Error(grant.body);
      expect(grant.runnerPath).toBe("/v1/sandboxes/0123456789ab/terminals/premiers-pas-1?token=viewer-token&offset=0&cols=80&rows=24");
      const events: unknown[] = [];
      const off = workshopLive().onLearner(LEARNER, (e) => events.push(e));
      const closed = grant.opened(() => undefined);
      expect(workshopLive().isWatched(LEARNER)).toBe(true);
      closed();
      off();
      expect(workshopLive().isWatched(LEARNER)).toBe(false);
      expect(events).toEqual([{ type: "watched", watching: true }, { type: "watched", watching: false }]);
    }
    expect(issued).toEqual(["0123456789ab:viewer", "0123456789ab:viewer"]);
  });

  it("« prendre la main »: a writer's token only once the learner accepted, for that workshop; the views reconnect when it is given and when it ends", async () => {
    const live = workshopLive();
    issued.length = 0;
    const closes: number[] = [];
    const viewer = await ask({ trainer: "camille" });
    if ("status" in viewer) throw new Error(viewer.body);
    const stop = viewer.opened((code) => closes.push(code));
    live.askControl(workshopId, LEARNER);
    // Asked is not granted: still a viewer.
    expect(await ask({ trainer: "camille" })).toMatchObject({ runnerPath: expect.stringContaining("token=viewer-token") });
    // Another workshop's id cannot grant it.
    expect(live.grantControl("w-zzzzzzzzzzzz", LEARNER)).toBe(false);
    expect(closes).toEqual([]);
    expect(live.grantControl(workshopId, LEARNER)).toBe(true);
    expect(closes).toEqual([4414]);
    const writer = await ask({ trainer: "camille" });
    if ("status" in writer) throw new Error(writer.body);
    // The learner's terminal keeps its size: no cols/rows from the trainer's view.
    expect(writer.runnerPath).toBe("/v1/sandboxes/0123456789ab/terminals/premiers-pas-1?token=owner-token&offset=0");
    // Another trainer still gets nothing.
    expect(await ask({ trainer: "dominique" })).toMatchObject({ status: 403 });
    expect(live.endControl(workshopId, LEARNER)).toBe(true);
    expect(closes).toEqual([4414, 4414]);
    expect(await ask({ trainer: "camille" })).toMatchObject({ runnerPath: expect.stringContaining("token=viewer-token") });
    expect(issued).toEqual(["0123456789ab:viewer", "0123456789ab:viewer", "0123456789ab:owner", "0123456789ab:viewer"]);
    stop();
  });

  it("gives the learner their terminal back when nobody watches any more", async () => {
    vi.useFakeTimers();
    try {
      const live = workshopLive();
      const grant = await ask({ trainer: "camille" });
      if ("status" in grant) throw new Error(grant.body);
      const stop = grant.opened(() => undefined);
      live.askControl(workshopId, LEARNER);
      live.grantControl(workshopId, LEARNER);
      stop();
      // A reconnect within the grace keeps it.
      const again = grant.opened(() => undefined);
      vi.advanceTimersByTime(CONTROL_GRACE_MS * 2);
      expect(live.controlOf(workshopId, LEARNER)).toBe("granted");
      again();
      vi.advanceTimersByTime(CONTROL_GRACE_MS + 1);
      expect(live.controlOf(workshopId, LEARNER)).toBe("none");
    } finally {
      vi.useRealTimers();
    }
  });
});
