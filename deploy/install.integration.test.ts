import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../app/_lib/config";
import { loadConfig } from "../sandbox-runner/src/config";
import { removeInstanceObjects } from "../sandbox-runner/test/remove-instance";

// The service install in its dry-run mode (QUAI_DESTDIR): everything it
// writes, under a folder of the test's own. systemd is not PID 1 where the
// tests run: service.integration.test.ts installs for real on a machine where
// it is (a container of deploy/test-machine).
const ROOT = path.resolve(__dirname, "..");
const INSTANCE = process.env.QUAI_TEST_INSTANCE ?? "quai-itest";
const dest = mkdtempSync(path.join(tmpdir(), "quai-install-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  removeInstanceObjects(INSTANCE, process.env.QUAI_SANDBOX_IMAGE ?? "quai/sandbox:latest");
  rmSync(dest, { recursive: true, force: true });
});

function install(given: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("bash", [path.join(ROOT, "deploy/install.sh")], { env: { ...process.env, QUAI_DESTDIR: dest, PORT: "3332", QUAI_RUNNER_PORT: "4332", ...given }, timeout: 900_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, out: stdout + stderr });
    });
  });
}

const unitsDir = path.join(dest, "etc/systemd/system");
const envFile = path.join(dest, "etc/quai/quai.env");

describe("deploy/install.sh (QUAI_DESTDIR)", () => {
  // On a fresh clone the install builds the tree first (next build and the runner): minutes.
  it("writes the units, the settings and a release of the built tree", { timeout: 900_000 }, async () => {
    const { code, out } = await install({ QUAI_WARM_POOL: "1", QUAI_TEST_ONLY_SETTING: "x" });
    expect(code, out).toBe(0);
    expect(out).toContain("Installation d'essai");

    for (const unit of ["quai-runner.service", "quai-site.service"]) {
      const text = readFileSync(path.join(unitsDir, unit), "utf8");
      expect(text).not.toContain("@");
      expect(text).toContain(`ExecStart=${process.execPath} `);
      expect(text).toContain("WorkingDirectory=/opt/quai/current");
      expect(text).toContain("Restart=on-failure");
      expect(text).toContain("EnvironmentFile=/etc/quai/quai.env");
      expect(text).toContain("WantedBy=multi-user.target");
    }

    const current = path.join(dest, "opt/quai/current");
    expect(readlinkSync(current)).toMatch(/^releases\/[0-9a-f]{12}$/);
    for (const file of ["sandbox-runner/dist/main.js", "site-server/dist/main.js", ".next/BUILD_ID", "node_modules/next/package.json", "node_modules/better-sqlite3/package.json"])
      expect(existsSync(path.join(current, file)), file).toBe(true);
    for (const left of [".git", ".data"]) expect(existsSync(path.join(current, left)), left).toBe(false);
  });

  it("writes units that systemd accepts without a warning", () => {
    let stderr = "";
    try {
      execFileSync("systemd-analyze", ["verify", path.join(unitsDir, "quai-runner.service"), path.join(unitsDir, "quai-site.service")], { stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      stderr = String((error as { stderr?: Buffer }).stderr ?? error);
    }
    expect(stderr).toBe("");
  });

  it("writes settings both halves of Quai accept, with a private data folder and a fresh secret", () => {
    const env = parseEnv(readFileSync(envFile, "utf8"));
    expect(env.QUAI_DATA_DIR).toBe("/var/lib/quai");
    expect(env.PORT).toBe("3332");
    expect(env.QUAI_RUNNER_SECRET).toMatch(/^[0-9a-f]{64}$/);
    // Given on the install's command line: a setting of the README's table is kept, anything else is not.
    expect(env.QUAI_WARM_POOL).toBe("1");
    expect(env.QUAI_TEST_ONLY_SETTING).toBeUndefined();
    expect(() => loadConfig(env)).not.toThrow();
    expect(parseConfig(env).runnerUrl).toBe("http://127.0.0.1:4332");
    expect(loadConfig(env).QUAI_ALLOWED_ORIGINS).toContain("http://localhost:3332");
  });

  it("run again (an upgrade with nothing new), keeps the settings and reuses the release", async () => {
    const before = readFileSync(envFile, "utf8");
    const { code, out } = await install({ QUAI_SANDBOX_CPUS: "2" });
    expect(code, out).toBe(0);
    expect(out).toContain("Réglages conservés");
    expect(out).toContain("Réglages donnés ignorés (QUAI_SANDBOX_CPUS)");
    expect(out).toContain("déjà copiée");
    expect(readFileSync(envFile, "utf8")).toBe(before);
  });

  it("refuses a given setting on several lines (quai.env holds one per line)", async () => {
    const { code, out } = await install({ QUAI_TRAINERS: "camille:secret\nQUAI_RUNNER_HOST=0.0.0.0" });
    expect(code).toBe(1);
    expect(out).toContain("La valeur de QUAI_TRAINERS tient sur plusieurs lignes");
  });

  // What systemd would run (ExecStart, WorkingDirectory, EnvironmentFile),
  // run by hand: the installed copy starts on its own, away from the clone.
  it("starts from the installed copy with the installed settings, and serves the course", async () => {
    const app = path.join(dest, "opt/quai/current");
    const env = { ...parseEnv(readFileSync(envFile, "utf8")), QUAI_DATA_DIR: path.join(dest, "var/lib/quai"), QUAI_INSTANCE: INSTANCE, QUAI_WARM_POOL: "0", PATH: process.env.PATH ?? "" };
    for (const unit of ["quai-runner.service", "quai-site.service"]) {
      const text = readFileSync(path.join(unitsDir, unit), "utf8");
      const [node, ...args] = /^ExecStart=(.*)$/m.exec(text)![1]!.split(" ");
      const child = spawn(node!, args, { cwd: app, env, stdio: "ignore" });
      children.push(child);
    }
    const answer = async (url: string) => {
      for (let i = 0; i < 600; i++) {
        try {
          const res = await fetch(url);
          if (res.ok) return res.text();
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${url} did not answer in 120 s`);
    };
    expect(await answer("http://127.0.0.1:4332/healthz")).toContain('"status":"ok"');
    expect(await answer("http://127.0.0.1:3332/")).toContain("Quai");
    expect(existsSync(path.join(dest, "var/lib/quai/site-secret"))).toBe(true);
  });
});
