import { checkExercise, startSandbox, visitChapter } from "./site-api";
import { PROMPT, SiteTerminal } from "./terminal";

/**
 * One simulated learner of a workshop, through the site's public HTTP API and
 * terminal sockets exactly as the workbench uses them: the chapter page (no
 * cookie yet: the site signs one), the sandbox, the terminal socket through
 * the site, commands typed in the shell, the exercise check button.
 */
export interface LessonOptions {
  site: string;
  chapter: string;
  /** An exercise of the chapter whose check passes once hello-world has run. */
  exercise: string;
  /** Seconds of typing at 5 keys/s after the prompt and again after the lesson. */
  typingS: number;
  /** Deterministic human pauses: a seeded generator per learner. */
  random: () => number;
  /** Bench clock (ms since the bench started), for the echo-over-time plot. */
  clock: () => number;
  signal: AbortSignal;
}

export interface LessonResult {
  promptMs?: number;
  /** Where the first prompt's time went (ms from arrival): page read, sandbox and token, socket open, prompt. */
  promptSteps?: { page: number; sandbox: number; socket: number; prompt: number; arrivedAtS: number };
  echo: Array<{ at: number; ms: number }>;
  helloMs?: number;
  nginxMs?: number;
  buildMs?: number;
  checkMs?: number;
  /** Times the learner was told « Quai est complet » and asked again. */
  queued?: number;
  errors: string[];
}

const KEY_INTERVAL_MS = 200; // 5 keystrokes a second: a learner typing a command
const ECHO_TIMEOUT_MS = 5000;

export async function runLesson(name: string, o: LessonOptions): Promise<LessonResult> {
  const result: LessonResult = { echo: [], errors: [] };
  let terminal: SiteTerminal | null = null;
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    if (o.signal.aborted) throw new Error("bench deadline reached");
    try {
      return await work();
    } catch (error) {
      result.errors.push(`${name}: ${what}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const pause = (minS: number, maxS: number) => new Promise((r) => setTimeout(r, (minS + o.random() * (maxS - minS)) * 1000));

  try {
    const started = performance.now();
    const arrivedAtS = o.clock() / 1000;
    const since = () => Math.round(performance.now() - started);
    // 1. The chapter page: the site sets the signed learner cookie.
    const learner = await visitChapter(o.site, o.chapter, o.signal);
    const page = since();
    // 2. The sandbox and a token (waiting in line while Quai is full), then 3. the terminal socket through the site.
    const session = await startSandbox(learner, o.signal, () => (result.queued = (result.queued ?? 0) + 1));
    const sandbox = since();
    terminal = await SiteTerminal.open(o.site, session.sandboxId, `${o.chapter}-1`, session.token, learner.cookie);
    const socket = since();
    const t = terminal;
    await t.until(() => PROMPT.test(t.plain), 60_000, "the first prompt");
    result.promptMs = performance.now() - started;
    result.promptSteps = { page, sandbox, socket, prompt: since(), arrivedAtS: Math.round(arrivedAtS) };

    const command = (line: string, done: RegExp, timeoutMs: number) => t.run(line, done, timeoutMs);
    const typing = async (seconds: number) => {
      const keys = Math.round(seconds * 5);
      try {
        for (let i = 0; i < keys && !o.signal.aborted; i++) {
          const at = o.clock();
          const ms = await t.echo("x", ECHO_TIMEOUT_MS);
          result.echo.push({ at, ms });
          await new Promise((r) => setTimeout(r, Math.max(0, KEY_INTERVAL_MS - ms)));
        }
      } finally {
        // Ctrl+U: the line of x goes, even after a lost echo (else the next command reads « xxxdocker »).
        t.type("\u0015");
        await new Promise((r) => setTimeout(r, 300));
      }
    };

    // 4. Reading, then typing while the others arrive and build.
    await step("typing after the prompt", () => typing(o.typingS / 2));
    await pause(2, 6);
    result.helloMs = await step("docker run hello-world", () => command("docker run hello-world", /Hello from Docker!/, 120_000));
    await step("the exercise's answer", () => command("docker ps -a | grep -c hello-world > /root/conteneurs.txt; cat /root/conteneurs.txt", /^\d+$/m, 30_000));
    await pause(3, 8);
    result.nginxMs = await step("nginx with -p, then curl", () =>
      command("docker run -d --name web -p 8080:80 nginx >/dev/null && sleep 1 && curl -s http://localhost:8080 | grep -o 'Welcome to nginx'", /Welcome to nginx/, 180_000),
    );
    await pause(3, 8);
    result.buildMs = await step("a small Dockerfile built and run", () =>
      command(
        `mkdir -p /root/app && cd /root/app && printf 'FROM busybox\\nRUN echo "construit pour ${name}" > /msg\\nCMD ["cat", "/msg"]\\n' > Dockerfile && docker build -q -t mon-app . >/dev/null && docker run --rm mon-app; cd`,
        new RegExp(`construit pour ${name}`),
        180_000,
      ),
    );
    await pause(2, 5);
    // 5. The exercise's « Vérifier » button.
    result.checkMs = await step("the exercise check", async () => {
      const sent = performance.now();
      const answer = await checkExercise(learner, o.exercise, o.signal);
      const ms = performance.now() - sent;
      if (!answer.passed) throw new Error(`did not pass: ${answer.feedback}`);
      return ms;
    });
    await step("typing after the lesson", () => typing(o.typingS / 2));
  } catch (error) {
    result.errors.push(`${name}: ${(error as Error).message}`);
  } finally {
    await terminal?.close();
  }
  return result;
}
