import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CloseCode, closeMessagesFr, decodeClientFrame, encodeControl, encodeOutput, type JobRequest, type SocketLike } from "@quai/sandbox-runner/protocol";
import type { SandboxSession } from "../../../_lib/api-types";
import { BuildSession } from "./build-session";

/** A socket the test drives: it opens, receives frames and closes when told. */
class FakeSocket implements SocketLike {
  binaryType = "";
  readyState = 0;
  sent: Uint8Array[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
  open(jobId: string, offset: number): void {
    this.readyState = 1;
    this.onopen?.({});
    this.onmessage?.({ data: encodeControl({ t: "ready", terminalId: jobId, offset, readOnly: false }) });
  }
  output(offset: number, text: string): void {
    this.onmessage?.({ data: encodeOutput(offset, new TextEncoder().encode(text)) });
  }
  exit(code: number | null): void {
    this.onmessage?.({ data: encodeControl({ t: "exit", code }) });
    this.close(CloseCode.TerminalExited);
  }
  get typed(): string {
    return this.sent.map((f) => decodeClientFrame(f)).map((f) => (f.type === "input" ? new TextDecoder().decode(f.data) : "")).join("");
  }
}

const JOB = "job-0123456789ab";
const session: SandboxSession = { sandboxId: "abcdef012345", token: "t", tokenExpiresAt: 0, expiresAt: 0, terminals: [] };
const LOG = [
  "#1 [internal] load build definition from Dockerfile\r\n#1 DONE 0.0s\r\n",
  "#5 [1/2] FROM docker.io/library/nginx:latest\r\n#5 DONE 0.1s\r\n#6 [2/2] COPY . /usr/share/ngi",
  "nx/html/\r\n#6 DONE 0.2s\r\n",
  "#7 exporting to image\r\n#7 writing image sha256:" + "f".repeat(64) + " done\r\n#7 DONE 0.1s\r\n",
];

let sockets: FakeSocket[];
let requests: Array<{ sandboxId: string; request: JobRequest }>;

function setup(startJob?: () => Promise<never>) {
  const build = new BuildSession(
    { session, terminalToken: async () => "jeton" },
    {
      startJob:
        startJob ??
        (async (sandboxId, request) => {
          requests.push({ sandboxId, request });
          return { id: JOB, kind: "build", startedAt: 1 };
        }),
      layers: async () => ({ id: "sha256:" + "f".repeat(64), ref: "site:1.0", layers: [{ diffId: null, instruction: "EXPOSE map[80/tcp:{}]", size: 2048, created: null }] }),
      socketUrl: (sandboxId, jobId, token, offset) => `ws://site/ws/sandboxes/${sandboxId}/terminals/${jobId}?token=${token}&offset=${offset}`,
      socket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
    },
  );
  return build;
}

const run = (build: BuildSession) => build.run({ chapter: "dockerfile", dockerfile: "site/Dockerfile", tag: "site:1.0", prepare: async () => true });
const settle = () => vi.advanceTimersByTimeAsync(100);

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  requests = [];
});
afterEach(() => vi.useRealTimers());

describe("BuildSession", () => {
  it("starts a build job, follows its log across a drop from the right offset, and shows the image", async () => {
    const build = setup();
    await run(build);
    await settle();
    expect(requests).toEqual([{ sandboxId: session.sandboxId, request: { kind: "build", chapter: "dockerfile", dockerfile: "site/Dockerfile", tag: "site:1.0" } }]);
    expect(build.getSnapshot().status).toBe("running");
    expect(sockets[0]!.url).toBe(`ws://site/ws/sandboxes/${session.sandboxId}/terminals/${JOB}?token=jeton&offset=0`);
    sockets[0]!.open(JOB, 0);
    let offset = 0;
    for (const piece of LOG.slice(0, 2)) {
      sockets[0]!.output(offset, piece);
      offset += new TextEncoder().encode(piece).byteLength;
    }
    await settle();
    // The first step is done; the second's line is cut in the middle, so it is not read yet.
    expect(build.getSnapshot().progress.steps.filter((s) => s.index !== null).map((s) => [s.name, s.status])).toEqual([["[1/2] FROM docker.io/library/nginx:latest", "done"]]);
    expect(build.getSnapshot().log).not.toContain("\r");

    sockets[0]!.close(1006); // the network drops
    await vi.advanceTimersByTimeAsync(400);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]!.url).toContain(`offset=${offset}`);
    sockets[1]!.open(JOB, offset);
    for (const piece of LOG.slice(2)) {
      sockets[1]!.output(offset, piece);
      offset += new TextEncoder().encode(piece).byteLength;
    }
    sockets[1]!.exit(0);
    await settle();
    const state = build.getSnapshot();
    expect(state.status).toBe("succeeded");
    expect(state.log).toBe(LOG.join("").replace(/\r/g, ""));
    expect(state.progress.steps.filter((s) => s.index !== null).map((s) => [s.index, s.status])).toEqual([
      [1, "done"],
      [2, "done"],
    ]);
    expect(state.image).toEqual({ tag: "site:1.0", id: "sha256:" + "f".repeat(64), size: 2048, exposed: [80] });
  });

  it("fails with BuildKit's reason when docker build exits non-zero", async () => {
    const build = setup();
    await run(build);
    await settle();
    sockets[0]!.open(JOB, 0);
    sockets[0]!.output(0, '#6 [2/2] RUN false\r\n#6 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\r\n');
    sockets[0]!.exit(1);
    await settle();
    expect(build.getSnapshot()).toMatchObject({ status: "failed", error: 'process "/bin/sh -c false" did not complete successfully: exit code: 1' });
  });

  it("says « Construction interrompue. » after « Arrêter », which sends Ctrl-C to the job", async () => {
    const build = setup();
    await run(build);
    await settle();
    sockets[0]!.open(JOB, 0);
    build.cancel();
    expect(sockets[0]!.typed).toBe("\x03");
    sockets[0]!.exit(1);
    await settle();
    expect(build.getSnapshot()).toMatchObject({ status: "failed", error: "Construction interrompue." });
  });

  it("shows the runner's refusal (a build already running) in French, with no socket", async () => {
    const build = setup(async () => {
      throw new Error("Une construction est déjà en cours dans ce bac à sable : attendez qu'elle se termine, ou arrêtez-la.");
    });
    await run(build);
    expect(build.getSnapshot()).toMatchObject({ status: "failed", error: "Une construction est déjà en cours dans ce bac à sable : attendez qu'elle se termine, ou arrêtez-la." });
    expect(sockets).toHaveLength(0);
  });

  it("fails with the reason when the sandbox ends during the build", async () => {
    const build = setup();
    await run(build);
    await settle();
    sockets[0]!.open(JOB, 0);
    sockets[0]!.close(CloseCode.SandboxGone);
    await settle();
    expect(build.getSnapshot()).toMatchObject({ status: "failed", error: closeMessagesFr[CloseCode.SandboxGone] });
  });

  it("gives up, in French, when the job cannot be reached again for minutes", async () => {
    const build = setup();
    await run(build);
    await settle();
    sockets[0]!.open(JOB, 0);
    for (let i = 0; i < 40 && build.running; i++) {
      sockets.at(-1)!.close(1006);
      await vi.advanceTimersByTimeAsync(6000);
    }
    expect(build.getSnapshot()).toMatchObject({ status: "failed", error: "La connexion au bac à sable a été perdue pendant la construction. Relancez-la." });
    const count = sockets.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sockets.length).toBe(count);
  });
});
