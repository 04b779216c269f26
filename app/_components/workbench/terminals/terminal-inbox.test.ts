import { describe, expect, it } from "vitest";
import { TerminalInbox } from "./terminal-inbox";
import type { TerminalInput } from "./terminal-inbox";

describe("TerminalInbox", () => {
  it("holds input until a shell attaches, then sends it once, in order", () => {
    const inbox = new TerminalInbox();
    const sent: TerminalInput[] = [];
    inbox.push("a\r");
    inbox.push("b\r");
    inbox.attach((input) => sent.push(input));
    inbox.push("c\r");
    inbox.attach(null);
    inbox.push("d\r");
    expect(sent).toEqual(["a\r", "b\r", "c\r"]);
  });

  it("takes over what an early inbox held (a command sent before the sandbox was known)", () => {
    const early = new TerminalInbox();
    const shell = new TerminalInbox();
    const sent: TerminalInput[] = [];
    shell.push("premier\r");
    early.push("docker run hello-world\r");
    shell.adopt(early);
    shell.attach((input) => sent.push(input));
    early.attach((input) => sent.push(`twice: ${String(input)}`));
    expect(sent).toEqual(["premier\r", "docker run hello-world\r"]);
  });

  it("keeps typed keys, bytes and commands in the order they came, and holds at most its limit", () => {
    const inbox = new TerminalInbox(3);
    const sent: TerminalInput[] = [];
    inbox.push("l");
    inbox.push(Uint8Array.of(0x1b));
    inbox.push("docker ps\r");
    inbox.push("lost");
    expect(inbox.held).toBe(3);
    inbox.attach((input) => sent.push(input));
    expect(sent).toEqual(["l", Uint8Array.of(0x1b), "docker ps\r"]);
    expect(inbox.held).toBe(0);
  });
});
