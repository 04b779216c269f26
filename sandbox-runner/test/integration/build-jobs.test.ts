import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../src/protocol/index.js";
import { TermClient, removeAllTestObjects, runner, type Api, type Runner } from "./harness.js";

/**
 * « Construire » as a job of the real runner in a real sandbox: docker build
 * alone on its TTY, followed over the terminal socket (offsets, replay, exit).
 */
let r: Runner & { api: Api };
let base: string;
let sb: { id: string; token: string };

/** A build that prints a numbered line every 0.2 s for a few seconds: time to drop the socket in the middle. */
const SLOW = 'FROM busybox\nRUN for i in $(seq 1 25); do echo "ligne-$i"; sleep 0.2; done\nCOPY message.txt /message.txt\n';
const FAILING = "FROM busybox\nRUN echo avant-echec && exit 3\n";

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner();
  base = `http://127.0.0.1:${r.port}`;
  sb = await r.api.sandbox("learner-jobs");
  const put = await r.api.call("PUT", `/v1/sandboxes/${sb.id}/files`, {
    dir: "/root/dockerfile",
    files: [
      { path: "lent/Dockerfile", content: SLOW },
      { path: "lent/message.txt", content: `construit ${Date.now()}\n` },
      { path: "casse/Dockerfile.echec", content: FAILING },
    ],
  });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

const startJob = (body: unknown) => r.api.call("POST", `/v1/sandboxes/${sb.id}/jobs`, body);

describe("build jobs on the real runner", () => {
  it("streams a build, resumes after a drop with nothing lost or doubled, ends with the exit code; a second start is refused meanwhile", async () => {
    const started = await startJob({ kind: "build", chapter: "dockerfile", dockerfile: "lent/Dockerfile", tag: "lent:1.0" });
    expect(started.status).toBe(201);
    const jobId: string = started.json.job.id;

    const again = await startJob({ kind: "build", chapter: "dockerfile", dockerfile: "lent/Dockerfile", tag: "lent:2.0" });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe("Une construction est déjà en cours dans ce bac à sable : attendez qu'elle se termine, ou arrêtez-la.");

    const first = await TermClient.open(base, sb.id, jobId, sb.token, { cols: 160, rows: 40 });
    await first.untilText(/ligne-5\n/, 90_000);
    first.ws.terminate();
    const seen = first.offset;
    expect(first.plain).not.toMatch(/ligne-25/);
    await new Promise((res) => setTimeout(res, 1500)); // the build goes on meanwhile

    const back = new TermClient();
    back.text = first.text;
    back.offset = seen;
    await back.connect(base, sb.id, jobId, sb.token, { from: seen, cols: 160, rows: 40 });
    expect(back.controls[0]).toMatchObject({ t: "ready", terminalId: jobId, offset: seen });
    await back.until(() => back.closeCode !== null, 90_000, "the end of the build");
    expect(back.closeCode).toBe(CloseCode.TerminalExited);
    expect(back.controls.at(-1)).toEqual({ t: "exit", code: 0 });
    // BuildKit echoes RUN output as "#N 1.234 ligne-i": every line once, in order, across the drop.
    const lines = [...back.plain.matchAll(/^#\d+ [\d.]+ (ligne-\d+)$/gm)].map((m) => m[1]);
    expect(lines).toEqual(Array.from({ length: 25 }, (_, i) => `ligne-${i + 1}`));
    expect(back.plain).toMatch(/naming to docker\.io\/library\/lent:1\.0/);
    // The job was docker build alone: no shell prompt, no echo of a command line.
    expect(back.plain).not.toMatch(/root@quai|docker build --progress/);

    // A viewer arriving after the end still gets the whole log and the exit, then the job is cleaned up later.
    const late = await TermClient.open(base, sb.id, jobId, sb.token);
    await late.until(() => late.closeCode !== null, 10_000, "replay of a finished job");
    expect(late.text).toBe(back.text);
    expect(late.controls.at(-1)).toEqual({ t: "exit", code: 0 });

    const image = await r.api.exec(sb.id, "docker image inspect -f '{{.Id}}' lent:1.0");
    expect(image.exitCode).toBe(0);
  });

  it("gives a failing Dockerfile a non-zero exit code and BuildKit's reason in the log", async () => {
    const started = await startJob({ kind: "build", chapter: "dockerfile", dockerfile: "casse/Dockerfile.echec", tag: "casse:1.0" });
    expect(started.status).toBe(201);
    const t = await TermClient.open(base, sb.id, started.json.job.id, sb.token, { cols: 160, rows: 40 });
    await t.until(() => t.closeCode !== null, 90_000, "the end of the build");
    expect(t.controls.at(-1)).toEqual({ t: "exit", code: 1 });
    expect(t.plain).toMatch(/avant-echec/);
    // The line the browser's parser turns into the learner's error (build-log.ts).
    expect(t.plain).toMatch(/^#\d+ ERROR: process "\/bin\/sh -c echo avant-echec && exit 3" did not complete successfully: exit code: 3$/m);
  });

  it("refuses what is not a build of the learner's files: bad paths, option-like tags, other kinds, unknown sandboxes", async () => {
    for (const body of [
      { kind: "build", chapter: "dockerfile", dockerfile: "../../etc/Dockerfile", tag: "x:1" },
      { kind: "build", chapter: "dockerfile", dockerfile: "lent/Dockerfile", tag: "--output=/root" },
      { kind: "shell", command: "rm -rf /" },
    ]) {
      const refused = await startJob(body);
      expect(refused.status).toBe(400);
    }
    const unknown = await r.api.call("POST", "/v1/sandboxes/0123456789ab/jobs", { kind: "build", chapter: "dockerfile", dockerfile: "lent/Dockerfile", tag: "x:1" });
    expect(unknown.status).toBe(404);
    const noSecret = await r.api.call("POST", `/v1/sandboxes/${sb.id}/jobs`, { kind: "build", chapter: "dockerfile", dockerfile: "lent/Dockerfile", tag: "x:1" }, "wrong-secret-0123456789");
    expect(noSecret.status).toBe(401);
    // A socket never opens a shell under a job's name.
    await expect(TermClient.open(base, sb.id, "job-0123456789ab", sb.token)).rejects.toThrow("HTTP 404");
  });
});
