import type { IncomingMessage } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkbenchRunnerClient } from "../app/_lib/runner-client";
import { openDatabase } from "../app/_lib/progress/db";
import type { Database } from "../app/_lib/progress/db";
import { WorkshopStore } from "../app/_lib/workshops/store";
import { sealTrainerSession, TRAINER_COOKIE } from "../app/_lib/workshops/trainer-session";
import { TrainerAccounts } from "../app/_lib/workshops/trainers";
import { workshopLive } from "../app/_lib/workshops/live";
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
    return { sandbox: { id, owner: LEARNER, createdAt: 0, expiresAt: 0, terminals: [] }, token: "viewer-token", tokenExpiresAt: 0 };
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
      const closed = grant.opened();
      expect(workshopLive().isWatched(LEARNER)).toBe(true);
      closed();
      off();
      expect(workshopLive().isWatched(LEARNER)).toBe(false);
      expect(events).toEqual([{ type: "watched", watching: true }, { type: "watched", watching: false }]);
    }
    expect(issued).toEqual(["0123456789ab:viewer", "0123456789ab:viewer"]);
  });
});
