import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileStateStore, emptyRunnerState, type RunnerState } from "./state-file.js";

let dir: string;
let file: string;
let lines: Array<{ level: number; msg: string; file?: string; keptAs?: string }>;

/** A logger whose lines the test reads, as a self-hoster reads the journal. */
function logger() {
  lines = [];
  return pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
}

const state: RunnerState = {
  version: 1,
  savedAt: 1_700_000_000_000,
  reservations: [{ key: "atelier-a", seats: 3, warm: 2, until: 1_700_000_900_000, lifetimeMs: 45 * 60_000, warmIds: ["0123456789ab"] }],
  sandboxes: [
    { id: "aaaaaaaaaaaa", owner: "alice", expiresAt: 1_700_000_500_000, reservation: "atelier-a" },
    { id: "bbbbbbbbbbbb", owner: "bob", expiresAt: 1_700_000_600_000 },
  ],
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-state-"));
  file = path.join(dir, "data", "runner-state-quai.json");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("FileStateStore", () => {
  it("reads back what it saved, from a private file it made in a folder it made", async () => {
    const store = new FileStateStore(file, logger());
    await store.save(state);
    expect(await new FileStateStore(file, logger()).load()).toEqual(state);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    // Nothing left beside it: the temporary file was renamed into place.
    expect(readdirSync(path.dirname(file))).toEqual(["runner-state-quai.json"]);
  });

  it("starts empty, without a word, when nothing was ever saved", async () => {
    expect(await new FileStateStore(file, logger()).load()).toEqual(emptyRunnerState());
    expect(lines).toEqual([]);
  });

  it("merges saves asked while one is written, and the latest state wins", async () => {
    const store = new FileStateStore(file, logger());
    const saves = [1, 2, 3, 4, 5].map((n) => store.save({ ...state, savedAt: n }));
    // Asked together, they make one write, of the last: whichever resolves first finds it on disk.
    await Promise.race(saves);
    expect(JSON.parse(readFileSync(file, "utf8")).savedAt).toBe(5);
    await Promise.all(saves);
    // One asked while a write is under way is written after it, not lost.
    const during = store.save({ ...state, savedAt: 6 });
    const after = store.save({ ...state, savedAt: 7 });
    await Promise.all([during, after]);
    expect((await store.load()).savedAt).toBe(7);
  });

  it("rejects a save it could not make, with the file's name, and saves again after", async () => {
    // A folder where the data folder should be a file's parent: the write fails.
    writeFileSync(path.join(dir, "data"), "not a folder");
    const store = new FileStateStore(file, logger());
    await expect(store.save(state)).rejects.toThrow(`save runner state ${file}: `);
    rmSync(path.join(dir, "data"));
    await store.save(state);
    expect(await store.load()).toEqual(state);
  });

  const unreadable: Array<[string, string]> = [
    ["a cut file (a disk that filled up)", JSON.stringify(state).slice(0, 40)],
    ["a file of another shape", JSON.stringify({ version: 1, reservations: "all of them" })],
    ["a future version", JSON.stringify({ ...state, version: 2 })],
    ["a sandbox id that is not one", JSON.stringify({ ...state, sandboxes: [{ id: "../../etc", owner: "alice", expiresAt: 1 }] })],
    ["a reservation key that is not one", JSON.stringify({ ...state, reservations: [{ ...state.reservations[0], key: "Atelier A" }] })],
    ["an empty file", ""],
  ];
  for (const [what, text] of unreadable) {
    it(`starts empty on ${what}, says so once and keeps the file aside`, async () => {
      const store = new FileStateStore(file, logger());
      await store.save(emptyRunnerState());
      writeFileSync(file, text);
      expect(await store.load()).toEqual(emptyRunnerState());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, file, keptAs: `${file}.unreadable` });
      expect(lines[0]!.msg).toMatch(/^runner state unreadable, starting without it/);
      expect(readFileSync(`${file}.unreadable`, "utf8")).toBe(text);
      expect(existsSync(file)).toBe(false);
      // The next save makes a good file again.
      await store.save(state);
      expect(await store.load()).toEqual(state);
    });
  }

  it("refuses a file far bigger than any state without reading it", async () => {
    const store = new FileStateStore(file, logger());
    await store.save(emptyRunnerState());
    writeFileSync(file, Buffer.alloc(9 * 1024 * 1024, 0x20));
    expect(await store.load()).toEqual(emptyRunnerState());
    expect(lines[0]).toMatchObject({ level: 50, keptAs: `${file}.unreadable` });
  });
});
