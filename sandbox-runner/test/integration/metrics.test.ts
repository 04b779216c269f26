import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE, removeAllTestObjects, runner, SECRET, TermClient, type Api, type Runner } from "./harness.js";

/**
 * /metrics as Prometheus scrapes it: the figures move with what learners do,
 * only the runner's secret opens it, and a sandbox cannot reach it even
 * when the runner listens on every address (the host firewall drops it).
 */
let r: Runner & { api: Api };
let base: string;

/** Samples of a scrape by their full name with labels, e.g. `quai_sandboxes{state="leased"}`. */
async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const get = (m: Map<string, number>, key: string) => {
  expect(m.has(key), `${key} in the scrape`).toBe(true);
  return m.get(key)!;
};

beforeAll(async () => {
  removeAllTestObjects();
  // Every address, so that the sandbox's attempt below meets the firewall, not a closed port.
  r = await runner({ QUAI_RUNNER_HOST: "0.0.0.0", QUAI_SANDBOX_MAX: "1" });
  base = `http://127.0.0.1:${r.port}`;
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

describe("the runner's /metrics", () => {
  it("refuses a scrape without the runner's secret", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong-secret-0123456789" } })).status).toBe(401);
  });

  it("counts sandboxes, starts, checks, exec errors, terminals and refusals as they happen", async () => {
    const before = await scrape();
    expect(get(before, 'quai_sandboxes{state="leased"}')).toBe(0);
    expect(get(before, "quai_sandboxes_max")).toBe(1);
    expect(get(before, 'quai_sandbox_start_seconds_count{source="cold"}')).toBe(0);

    const { id, token } = await r.api.sandbox("learner-metrics");
    const pass = await r.api.call("POST", `/v1/sandboxes/${id}/exec`, { command: "test -d /root", kind: "check" });
    expect(pass.json.exitCode).toBe(0);
    const fail = await r.api.call("POST", `/v1/sandboxes/${id}/exec`, { command: "test -f /root/nothing-here", kind: "check" });
    expect(fail.json.exitCode).toBe(1);
    const slow = await r.api.call("POST", `/v1/sandboxes/${id}/exec`, { command: "sleep 5", timeoutMs: 300 });
    expect(slow.json.timedOut).toBe(true);
    const term = await TermClient.open(base, id, "main", token);
    await term.untilText(/# $/, 30_000);
    // The runner is full (one sandbox at most): the next learner waits in line.
    const refused = await r.api.call("POST", "/v1/sandboxes", { owner: "learner-metrics-2" });
    expect(refused.status).toBe(503);

    const after = await scrape();
    expect(get(after, 'quai_sandboxes{state="leased"}')).toBe(1);
    expect(get(after, 'quai_sandbox_start_seconds_count{source="cold"}')).toBe(1);
    expect(get(after, 'quai_sandbox_start_seconds_sum{source="cold"}')).toBeGreaterThan(0.05);
    expect(get(after, 'quai_checks_total{result="pass"}')).toBe(1);
    expect(get(after, 'quai_checks_total{result="fail"}')).toBe(1);
    expect(get(after, 'quai_exec_duration_seconds_count{kind="check",outcome="ok"}')).toBe(2);
    expect(get(after, 'quai_exec_errors_total{kind="command",reason="timeout"}')).toBe(1);
    expect(get(after, "quai_terminals")).toBe(1);
    expect(get(after, 'quai_terminal_sockets{role="writer"}')).toBe(1);
    expect(get(after, 'quai_admissions_refused_total{reason="full"}')).toBe(1);
    expect(get(after, "quai_admission_waiting")).toBe(1);
    expect(get(after, "quai_runner_process_resident_memory_bytes")).toBeGreaterThan(10 * 1024 * 1024);

    await term.close();
    await r.api.call("DELETE", `/v1/sandboxes/${id}`);
    const end = await scrape();
    expect(get(end, 'quai_sandboxes{state="leased"}')).toBe(0);
    expect(get(end, "quai_terminals")).toBe(0);
  });

  it("cannot be reached from a sandbox, though the runner listens on every address", async () => {
    // The learner refused above is first in line, so the freed place is theirs.
    const { id } = await r.api.sandbox("learner-metrics-2");
    // The host's address on the sandbox's own bridge (the network's gateway).
    const gateway = execFileSync("docker", ["network", "inspect", `${INSTANCE}-net-${id}`, "--format", "{{(index .IPAM.Config 0).Gateway}}"], { encoding: "utf8" }).trim();
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // From the host, the same address answers: the port is open there, only the sandbox is kept out.
    expect((await fetch(`http://${gateway}:${r.port}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(200);
    const probe = await r.api.exec(id, `curl -sS -m 3 -H 'authorization: Bearer ${SECRET}' http://${gateway}:${r.port}/metrics; echo "exit=$?"`);
    expect(probe.stdout).not.toContain("quai_sandboxes");
    expect(probe.stdout).toMatch(/exit=(7|28)/);
  });
});
