import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SITE_SECRET_FILE, siteKey, siteSecret } from "./site-secret";

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
