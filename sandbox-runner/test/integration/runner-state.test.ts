import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, DATA_DIR, INSTANCE, removeAllTestObjects } from "./harness.js";
import { freePort, kill9, startRunnerProcess, type RunnerProcess } from "./runner-process.js";

/**
 * What the engine does not hold survives a runner killed with SIGKILL: a
 * trainer's extension, a workshop's sandbox lifetime, its reserved seats and
 * its warm sandboxes. After the restart nobody opens a page (no acquire):
 * the runner alone must know them again.
 */
const KEY = "atelier-etat";
const HOUR = 3600_000;
const STATE_FILE = path.join(DATA_DIR, `runner-state-${INSTANCE}.json`);

let port = 0;
let current: RunnerProcess | null = null;
let api: Api;

const containers = () => execFileSync("docker", ["ps", "-q", "--no-trunc", "--filter", `label=quai.instance=${INSTANCE}`, "--filter", "label=quai.role=sandbox"], { encoding: "utf8" }).split("\n").filter(Boolean).sort();

async function reservation() {
  const { status, json } = await api.call("GET", "/v1/reservations");
  expect(status).toBe(200);
  return (json.reservations as Array<Record<string, number | string>>).find((r) => r.key === KEY);
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; runner log:\n${current?.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  removeAllTestObjects();
  port = await freePort();
  current = await startRunnerProcess(port, { QUAI_SANDBOX_MAX: "4", QUAI_SANDBOX_TTL_MIN: "60" });
  api = new Api(`http://127.0.0.1:${port}`);
}, 120_000);

afterAll(async () => {
  if (current) await kill9(current);
  removeAllTestObjects();
}, 60_000);

describe("the runner's state across kill -9", () => {
  it("keeps the extension, the workshop's lifetime, its seats and its warm sandbox, before any page is opened", async () => {
    const until0 = Date.now() + 2 * HOUR;
    const lifetimeMs = 3 * HOUR;
    let res = await api.call("PUT", `/v1/reservations/${KEY}`, { seats: 2, warm: 1, until: until0, lifetimeMs });
    expect(res.status).toBe(200);
    await until(async () => (await reservation())?.ready === 1, 120_000, "the workshop's warm sandbox");

    // A learner of the workshop takes it; the workshop's next warm one is made for the other seat.
    res = await api.call("POST", "/v1/sandboxes", { owner: "learner-etat", reservation: KEY });
    expect(res.status).toBe(200);
    const sandbox = res.json.sandbox as { id: string; createdAt: number; expiresAt: number };
    expect(sandbox.expiresAt).toBe(sandbox.createdAt + lifetimeMs);
    await until(async () => (await reservation())?.ready === 1, 120_000, "the workshop's next warm sandbox");
    // The trainer's « prolonger » of 30 minutes.
    res = await api.call("POST", `/v1/sandboxes/${sandbox.id}/extend`, { minutes: 30 });
    expect(res.status).toBe(200);
    const extended = res.json.sandbox.expiresAt as number;
    expect(extended).toBe(sandbox.createdAt + lifetimeMs + 30 * 60_000);
    const before = containers();
    expect(before).toHaveLength(2);

    await kill9(current!);
    current = await startRunnerProcess(port, { QUAI_SANDBOX_MAX: "4", QUAI_SANDBOX_TTL_MIN: "60" });
    expect(current.log()).toMatch(/"msg":"runner state restored"/);

    // No acquire: the runner's answers alone.
    expect(await reservation()).toEqual({ key: KEY, seats: 2, warm: 1, until: until0, ready: 1, used: 1 });
    res = await api.call("GET", `/v1/sandboxes/${sandbox.id}`);
    expect(res.status).toBe(200);
    expect(res.json.sandbox).toMatchObject({ owner: "learner-etat", expiresAt: extended });
    // The warm one is the workshop's again, not the runner's pool (QUAI_WARM_POOL=0), and nothing was made twice.
    const health = (await api.call("GET", "/healthz")).json;
    expect(health).toMatchObject({ assigned: 1, warm: 0, creating: 0 });
    await new Promise((r) => setTimeout(r, 3000));
    expect(containers()).toEqual(before);

    // The workshop's next learner gets that warm sandbox, at once.
    const started = performance.now();
    res = await api.call("POST", "/v1/sandboxes", { owner: "learner-etat-2", reservation: KEY });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(res.json.sandbox.expiresAt).toBe(res.json.sandbox.createdAt + lifetimeMs);
    expect(containers()).toEqual(before);
    expect(await reservation()).toMatchObject({ ready: 0, used: 2 });
  }, 400_000);

  it("starts with the default lifetimes when its state file is unreadable, says so, and keeps the file aside", async () => {
    expect(existsSync(STATE_FILE)).toBe(true);
    const { json } = await api.call("GET", "/v1/owners/learner-etat/sandbox");
    const sandbox = json.sandbox as { id: string; createdAt: number };
    await kill9(current!);
    writeFileSync(STATE_FILE, '{"version":1,"reservations":[{"key":');
    current = await startRunnerProcess(port, { QUAI_SANDBOX_MAX: "4", QUAI_SANDBOX_TTL_MIN: "60" });
    expect(current.log()).toMatch(/"level":50,[^\n]*"msg":"runner state unreadable, starting without it/);
    expect(readFileSync(`${STATE_FILE}.unreadable`, "utf8")).toBe('{"version":1,"reservations":[{"key":');
    // Adopted all the same, with the runner's lifetime (60 min): what the state would have kept is lost, nothing else.
    const res = await api.call("GET", `/v1/sandboxes/${sandbox.id}`);
    expect(res.json.sandbox).toMatchObject({ owner: "learner-etat", expiresAt: sandbox.createdAt + HOUR });
    expect(await reservation()).toBeUndefined();
    // And its state is whole again at once.
    await until(async () => existsSync(STATE_FILE) && JSON.parse(readFileSync(STATE_FILE, "utf8")).sandboxes.length === 2, 10_000, "the state saved again");
  }, 200_000);
});
