import { execFile } from "node:child_process";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "./main";

// npm run doctor on this machine, for real: the real Docker engine, kernel,
// disk, clock and ports. Only the ports and settings are arranged by the test.
const ROOT = path.resolve(__dirname, "../..");

function doctor(env: Record<string, string>): Promise<{ code: number; findings: Finding[] }> {
  return new Promise((resolve, reject) => {
    execFile(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/doctor/main.ts", "--json"], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      try {
        resolve({ code, findings: JSON.parse(stdout) as Finding[] });
      } catch {
        reject(new Error(`doctor exited ${code} without JSON: ${stderr}${stdout}`));
      }
    });
  });
}

const find = (findings: Finding[], title: string) => findings.find((f) => f.title === title)!.verdict;

let busy: Server;
const sockets = new Set<Socket>();
let busyPort: number;
let freePort: number;
beforeAll(async () => {
  busy = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.end("not quai\n");
  });
  await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
  busyPort = (busy.address() as AddressInfo).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  freePort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  return new Promise((r) => busy.close(r));
});

describe("npm run doctor on this machine", () => {
  it("checks everything, explains each problem with a fix, and fails exactly when something blocks", async () => {
    const { code, findings } = await doctor({ PORT: String(freePort), QUAI_RUNNER_PORT: String(freePort), QUAI_INSTANCE: "quai-itest-sh" });
    expect(findings.map((f) => f.title)).toEqual([
      "Réglages", "Moteur Docker", "cgroups", "Espaces de noms utilisateur", "Système de fichiers overlay", "Périphériques loop",
      "Pare-feu du noyau (iptables, nftables)", "Mémoire", "Disque", "Image des bacs à sable", "Images du cache", "Cache d'images",
      "Horloge", "Port du site", "Port du service des bacs à sable",
    ]);
    for (const { title, verdict } of findings) {
      expect(["ok", "warn", "fail", "skip"], title).toContain(verdict.status);
      if (verdict.status === "warn" || verdict.status === "fail") expect(verdict.fix, title).toBeTruthy();
    }
    // This machine runs the integration tests: its engine answers and sandboxes start on it.
    expect(find(findings, "Moteur Docker").status).toBe("ok");
    expect(find(findings, "Image des bacs à sable").status).not.toBe("fail");
    expect(find(findings, "Port du site").status).toBe("ok");
    expect(code).toBe(findings.some((f) => f.verdict.status === "fail") ? 1 : 0);
  });

  it("fails on a port another program holds, naming it", async () => {
    const { code, findings } = await doctor({ PORT: String(freePort), QUAI_RUNNER_PORT: String(busyPort), QUAI_RUNNER_HOST: "127.0.0.1" });
    expect(code).toBe(1);
    const port = find(findings, "Port du service des bacs à sable");
    expect(port.status).toBe("fail");
    expect(port.summary).toContain(`Le port ${busyPort}`);
  });

  it("fails on invalid settings, naming the variable", async () => {
    const { code, findings } = await doctor({ QUAI_SANDBOX_CPUS: "lots" });
    expect(code).toBe(1);
    const settings = find(findings, "Réglages");
    expect(settings.status).toBe("fail");
    expect(settings.summary).toContain("QUAI_SANDBOX_CPUS");
  });
});
