import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensurePrivateDir, ensurePrivateFile } from "./data-files";

let dir: string;
const mode = (p: string) => statSync(p).mode & 0o7777;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-data-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("data files", () => {
  it("creates the folder and files private", () => {
    const data = path.join(dir, "a", "b");
    ensurePrivateDir(data);
    ensurePrivateFile(path.join(data, "f"));
    expect(mode(data)).toBe(0o700);
    expect(mode(path.join(data, "f"))).toBe(0o600);
  });

  it("tightens what an older Quai left world-readable, without touching the content", () => {
    const data = path.join(dir, "old");
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(path.join(data, "quai.sqlite"), "contenu", { mode: 0o644 });
    ensurePrivateDir(data);
    ensurePrivateFile(path.join(data, "quai.sqlite"));
    expect(mode(data)).toBe(0o700);
    expect(mode(path.join(data, "quai.sqlite"))).toBe(0o600);
    expect(statSync(path.join(data, "quai.sqlite")).size).toBe(7);
  });

  it("refuses a folder others share instead of locking them out of it", () => {
    const shared = path.join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => ensurePrivateDir(shared)).toThrow(`${shared} is a shared folder (world-writable or sticky): give Quai a data folder of its own (QUAI_DATA_DIR)`);
    expect(mode(shared)).toBe(0o1777);
  });
});
