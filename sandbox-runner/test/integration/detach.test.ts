import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TermClient, removeAllTestObjects, runner, shell, type Api, type Runner } from "./harness.js";

/**
 * Chapter 04 teaches `docker run -it …` then Ctrl+P Ctrl+Q to leave a
 * container running. Those keys must reach the nested docker CLI, not detach
 * the runner from the learner's shell (Docker's exec streams detach on
 * ctrl-p,ctrl-q unless told otherwise).
 */
let r: Runner & { api: Api };
let term: TermClient;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner();
  const sb = await r.api.sandbox("learner-detach");
  term = await TermClient.open(r.api.base, sb.id, "t1", sb.token);
  await term.untilText(/# $/m, 30_000);
}, 120_000);

afterAll(async () => {
  await term?.close();
  await r?.stop();
  removeAllTestObjects();
});

describe("Ctrl+P Ctrl+Q in a learner's terminal", () => {
  it("detaches the nested container, keeps the learner's shell, and docker attach brings it back", async () => {
    term.type("docker run -it --name pingu busybox sh\r");
    await term.untilText(/\/ # $/m, 30_000);
    const before = term.plain.length;
    term.type("\x10\x11");
    // Docker 26's CLI detaches without a word: the learner's own prompt is back, on the same socket.
    await term.until(() => /root@quai:~# $/m.test(term.plain.slice(before)), 15_000, "the nested CLI detaching");
    expect(term.closeCode).toBeNull();
    const ps = await shell(term, "docker ps --filter name=pingu --format '{{.Names}} {{.Status}}'");
    expect(ps.out).toMatch(/^pingu Up/m);
    term.type("docker attach pingu\r");
    await new Promise((res) => setTimeout(res, 1000));
    term.type("echo de-retour-$((20+22))\r");
    await term.untilText(/de-retour-42/, 15_000);
    term.type("exit\r");
    await term.untilText(/root@quai:~# $/m);
    expect(term.closeCode).toBeNull();
    expect((await shell(term, "docker ps -a --filter name=pingu --format '{{.Status}}'")).out).toMatch(/^Exited/);
  }, 120_000);
});
