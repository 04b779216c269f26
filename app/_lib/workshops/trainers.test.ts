import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openTrainerSession, sealTrainerSession } from "./trainer-session";
import { adminPassword, TRAINER_PASSWORD_FILE, TrainerAccounts } from "./trainers";

const accounts = new TrainerAccounts([
  { name: "admin", password: "mot-de-passe-admin", admin: true },
  { name: "camille", password: "mot-de-passe-camille", admin: false },
]);

describe("TrainerAccounts", () => {
  it("signs in with the right password only", () => {
    expect(accounts.verify("admin", "mot-de-passe-admin")).toEqual({ name: "admin", admin: true });
    expect(accounts.verify(" Camille ", "mot-de-passe-camille")).toEqual({ name: "camille", admin: false });
    expect(accounts.verify("camille", "mot-de-passe-admin")).toBeNull();
    expect(accounts.verify("inconnu", "mot-de-passe-admin")).toBeNull();
    expect(accounts.verify("admin", "")).toBeNull();
  });

  it("generates the admin's password once into the data folder, private", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quai-trainer-"));
    try {
      const first = adminPassword({ trainerPassword: undefined, dataDir: path.join(dir, "data") });
      expect(first.length).toBeGreaterThanOrEqual(16);
      expect(adminPassword({ trainerPassword: undefined, dataDir: path.join(dir, "data") })).toBe(first);
      const file = path.join(dir, "data", TRAINER_PASSWORD_FILE);
      expect(readFileSync(file, "utf8").trim()).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(adminPassword({ trainerPassword: "configuré-ici", dataDir: dir })).toBe("configuré-ici");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("trainer session cookie", () => {
  const secret = "k".repeat(43);
  it("opens what it sealed, and nothing else", async () => {
    const sealed = await sealTrainerSession({ name: "camille", admin: false }, secret);
    expect(sealed).not.toContain("camille");
    expect(await openTrainerSession(sealed, secret)).toEqual({ name: "camille", admin: false });
    expect(await openTrainerSession(sealed, "z".repeat(43))).toBeNull();
    expect(await openTrainerSession(`${sealed.slice(0, -2)}AA`, secret)).toBeNull();
    expect(await openTrainerSession("camille", secret)).toBeNull();
    expect(await openTrainerSession(undefined, secret)).toBeNull();
  });
  it("expires after the session's length", async () => {
    const sealed = await sealTrainerSession({ name: "admin", admin: true }, secret, Math.floor(Date.parse("2025-01-01T08:00:00Z") / 1000));
    expect(await openTrainerSession(sealed, secret, new Date("2025-01-01T19:00:00Z"))).toEqual({ name: "admin", admin: true });
    expect(await openTrainerSession(sealed, secret, new Date("2025-01-01T20:01:00Z"))).toBeNull();
  });
});
