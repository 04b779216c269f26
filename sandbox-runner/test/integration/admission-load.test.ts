import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE, removeAllTestObjects, runner, SECRET, type Api, type Runner } from "./harness.js";

/**
 * Admission by the host's load, on the real runner: with a limit below any
 * load a working machine has (this test's own runner makes some), a learner
 * who needs a new sandbox is put in the waiting line, told that the machine
 * is busy, and nothing is started for them.
 */
let r: Runner & { api: Api };

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner({ QUAI_ADMIT_MAX_LOAD: "0.0001" });
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

describe("admission by the host's load", () => {
  it("answers 503 with a place in line and the reason, starts no sandbox, and counts it as busy", async () => {
    expect(loadavg()[0], "this test needs a host with some load").toBeGreaterThan(0);
    const first = await r.api.call("POST", "/v1/sandboxes", { owner: "learner-busy-1" });
    const second = await r.api.call("POST", "/v1/sandboxes", { owner: "learner-busy-2" });
    expect(first.status).toBe(503);
    expect(first.json.error).toMatchObject({ code: "capacity", queue: { position: 1, waiting: 1 } });
    expect(first.json.error.message).toContain("La machine est très occupée pour le moment : vous êtes n° 1");
    expect(second.json.error).toMatchObject({ code: "capacity", queue: { position: 2, waiting: 2 } });

    const sandboxes = execFileSync("docker", ["ps", "-a", "--filter", `label=quai.instance=${INSTANCE}`, "--filter", "label=quai.role=sandbox", "--format", "{{.Names}}"], { encoding: "utf8" }).trim();
    expect(sandboxes).toBe("");

    const metrics = await (await fetch(`http://127.0.0.1:${r.port}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } })).text();
    expect(metrics).toContain('quai_admissions_refused_total{reason="busy"} 2');
    expect(metrics).toContain('quai_admissions_refused_total{reason="full"} 0');
  });
});
