import { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
import { DTACH_ATTACH, DTACH_EOF, DtachOutputFilter, DtachStream } from "./dtach-stream.js";

const b = (s: string) => Buffer.from(s, "latin1");
const run = (chunks: string[]) => {
  const f = new DtachOutputFilter();
  const out = chunks.map((c) => f.push(b(c)).toString("latin1")).join("");
  return out + f.flush(true).toString("latin1");
};
const ATTACH = DTACH_ATTACH.toString("latin1");
const EOF = DTACH_EOF.toString("latin1");

describe("DtachOutputFilter", () => {
  it("takes out dtach's screen clear at attach, even split, and its EOF line at the end", () => {
    expect(run([`${ATTACH}root@quai:~# `, `exit\r\n${EOF}`])).toBe("root@quai:~# exit\r\n");
    expect(run(["\x1b[H", "\x1b", "[Jhello", "\r\nbye\r\n\x1b[99", "9H\r\n[EOF - dtach ", "terminating]\r\n\x1b[?25h"])).toBe("hello\r\nbye\r\n");
  });

  it("leaves everything else as it is: a first output that is not the clear, escapes that only begin like the trailer", () => {
    expect(run(["\x1b[Hx", "\x1b[J"])).toBe("\x1b[Hx\x1b[J");
    expect(run([ATTACH, "\x1b[31mred\x1b[0m", " \x1b[9", "9m", "\x1b[999Hbottom"])).toBe("\x1b[31mred\x1b[0m \x1b[99m\x1b[999Hbottom");
  });

  it("holds back only a tail that may begin the trailer, and gives it back when it was not", () => {
    const f = new DtachOutputFilter();
    expect(f.push(b(`${ATTACH}abc\x1b[99`)).toString("latin1")).toBe("abc");
    expect(f.holding).toBe(true);
    expect(f.flush(false).toString("latin1")).toBe("\x1b[99");
    expect(f.holding).toBe(false);
  });
});

/** An exec stream stand-in: pushed bytes are its output, writes are recorded. */
function fakeExec() {
  const written: string[] = [];
  const inner = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return { inner, written };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("DtachStream", () => {
  it("holds input until the client has attached (its TTY raw), then writes it in order", async () => {
    const { inner, written } = fakeExec();
    const s = new DtachStream(inner);
    const out: string[] = [];
    s.on("data", (c: Buffer) => out.push(c.toString("latin1")));
    s.write("\x03");
    s.write("echo $$\r");
    await tick();
    expect(written).toEqual([]);
    inner.push(DTACH_ATTACH);
    await tick();
    expect(written).toEqual(["\x03", "echo $$\r"]);
    inner.push("$ ");
    await tick();
    expect(out.join("")).toBe("$ ");
  });

  it("passes a held tail on after a moment when no trailer follows, and ends without the trailer", async () => {
    const { inner } = fakeExec();
    const s = new DtachStream(inner);
    const out: string[] = [];
    s.on("data", (c: Buffer) => out.push(c.toString("latin1")));
    const ended = new Promise((r) => s.once("end", r));
    inner.push(Buffer.concat([DTACH_ATTACH, b("vim \x1b")]));
    await tick(5);
    expect(out.join("")).toBe("vim ");
    await tick(60);
    expect(out.join("")).toBe("vim \x1b");
    inner.push(Buffer.concat([b("bye\r\n"), DTACH_EOF]));
    inner.push(null);
    await ended;
    expect(out.join("")).toBe("vim \x1bbye\r\n");
  });
});
