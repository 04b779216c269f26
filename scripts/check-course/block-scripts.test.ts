import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keyBytes, plainBlockScript, shellQuote, ttyBlockScript } from "./block-scripts";

// The scripts run with the machine's own bash and util-linux `script`, as they do in the sandbox.
let dir: string;
let cwdFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-blocks-"));
  cwdFile = path.join(dir, "cwd");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bash = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 30_000 });

describe("plainBlockScript", () => {
  it("runs every line, like a terminal, and fails when any line failed", () => {
    const out = bash(plainBlockScript("echo un\nfalse\necho deux", cwdFile));
    expect(out.stdout).toBe("un\ndeux\n");
    expect(out.status).toBe(1);
  });

  it("succeeds when every command does, || and if included", () => {
    const out = bash(plainBlockScript("curl-absent 2>/dev/null || echo repli\nif false; then :; fi\necho fin", cwdFile));
    expect(out.stdout).toBe("repli\nfin\n");
    expect(out.status).toBe(0);
  });

  it("carries the working directory to the next block", () => {
    writeFileSync(path.join(dir, "marque"), "");
    expect(bash(plainBlockScript(`cd ${dir}`, cwdFile)).status).toBe(0);
    expect(bash(plainBlockScript("ls marque", cwdFile)).stdout).toBe("marque\n");
  });
});

describe("ttyBlockScript", () => {
  it("types the inside lines and the keys into a program that needs a terminal", () => {
    const out = bash(ttyBlockScript("test -t 0 && sh", ["echo tape-$((20+22))"], ["exit", "enter"], cwdFile));
    expect(out.stdout).toContain("tape-42");
    expect(out.status).toBe(0);
  }, 30_000);

  it("accepts 130 from a program left with Ctrl+C, and only then", () => {
    expect(bash(ttyBlockScript("sleep 20", [], ["ctrl-c"], cwdFile)).status).toBe(0);
    expect(bash(ttyBlockScript("sh -c 'exit 130'", [], ["enter"], cwdFile)).status).toBe(130);
  }, 30_000);
});

describe("keys", () => {
  it("turns key names into the bytes a terminal sends", () => {
    expect([..."ctrl-p ctrl-q ctrl-c enter".split(" ").map(keyBytes)].map((k) => k.charCodeAt(0))).toEqual([16, 17, 3, 13]);
    expect(keyBytes("exit")).toBe("exit");
  });

  it("quotes any text for bash", () => {
    expect(bash(`printf %s ${shellQuote("it's \"$HOME\" `x`")}`).stdout).toBe("it's \"$HOME\" `x`");
  });
});
