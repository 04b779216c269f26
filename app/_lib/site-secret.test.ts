import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type * as FsModule from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SITE_SECRET_FILE, siteKey, siteSecret } from "./site-secret";

// A write that fails as a full disk (or a crash) would, after the file was created.
const failWrites = vi.hoisted(() => ({ on: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof FsModule>();
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (failWrites.on) throw Object.assign(new Error("ENOSPC: disk full"), { code: "ENOSPC" });
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-secret-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("siteSecret", () => {
  it("is generated once into the data folder, readable by this account only", () => {
    const data = path.join(dir, "data");
    const secret = siteSecret(data);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(data, SITE_SECRET_FILE), "utf8")).toBe(secret);
    expect(statSync(path.join(data, SITE_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(data).mode & 0o777).toBe(0o700);
  });

  it("leaves no empty or cut secret when its writing fails half-way, and the next start makes a whole one", () => {
    failWrites.on = true;
    expect(() => siteSecret(dir)).toThrow(/create the site secret .*disk full/);
    failWrites.on = false;
    // Not an empty site-secret (which would stop every later start), nor a temporary file.
    expect(readdirSync(dir)).toEqual([]);
    expect(siteSecret(dir)).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dir)).toEqual([SITE_SECRET_FILE]);
  });

  it("keeps the one it finds, and tightens its mode", () => {
    const existing = "a".repeat(64);
    writeFileSync(path.join(dir, SITE_SECRET_FILE), existing, { mode: 0o644 });
    expect(siteSecret(dir)).toBe(existing);
    expect(statSync(path.join(dir, SITE_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it("refuses one too short to be a secret, and says what to do", () => {
    writeFileSync(path.join(dir, SITE_SECRET_FILE), "court");
    expect(() => siteSecret(dir)).toThrow(/fewer than 32 characters: remove it and Quai makes a new one/);
  });

  it("gives each use its own key", () => {
    expect(siteKey("learner-cookie", dir)).not.toBe(siteKey("something-else", dir));
    expect(siteKey("learner-cookie", dir)).toBe(siteKey("learner-cookie", dir));
  });
});
